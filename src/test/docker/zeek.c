/* Stand-in for Zeek in the stand-in Slips image: a process whose argv is what Slips gives Zeek
 * ("zeek -C -i <iface> ..."), so /proc/<pid>/cmdline reads as real Zeek's. It only waits to be
 * killed. Built static at image build (build-standin-slips.sh). */
#include <unistd.h>

int main(void) {
  for (;;) {
    pause();
  }
}
