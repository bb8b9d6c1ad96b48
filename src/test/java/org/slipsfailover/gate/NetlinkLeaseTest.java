package org.slipsfailover.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Answers whose lengths do not add up, fed to the lease through a channel of our own: each is a
 * failure, never an exception out of the lease nor a read past the end, and the socket is closed so
 * that the next call starts on a fresh one.
 */
class NetlinkLeaseTest {
  private static final int NEWGEN = (10 << 8) | NftMessages.NFT_MSG_NEWGEN;

  /** Stands for a well-formed generation answer to the request just sent. */
  private static final byte[] ANSWER_TO_LAST = new byte[0];

  /** A channel that answers every send with the next crafted datagram. */
  private static final class Crafted implements NetlinkLease.Channel {
    final Deque<byte[]> answers = new ArrayDeque<>();
    int opened;
    int closed;
    int lastSeq;

    @Override
    public void send(byte[] messages) {
      lastSeq = ByteBuffer.wrap(messages).order(ByteOrder.nativeOrder()).getInt(8);
    }

    @Override
    public Optional<byte[]> receive(Duration timeout) {
      byte[] next = answers.poll();
      return Optional.ofNullable(next == ANSWER_TO_LAST ? generationAnswer(lastSeq, 77) : next);
    }

    @Override
    public void close() {
      closed++;
    }
  }

  private final Crafted channel = new Crafted();
  private final NetlinkLease lease =
      new NetlinkLease(
          () -> {
            channel.opened++;
            return channel;
          },
          Duration.ofMillis(100));

  @Test
  void aTruncatedHeaderFailsAndClosesTheSocket() {
    channel.answers.add(new byte[10]);
    assertThat(lease.generation()).isEmpty();
    assertThat(channel.closed).isEqualTo(1);
  }

  @Test
  void aMessageLongerThanTheDatagramFailsAndClosesTheSocket() {
    answersAGenerationWith(buffer -> buffer.putInt(0, 4096));
  }

  @Test
  void aZeroLengthAttributeFailsAndClosesTheSocket() {
    answersAGenerationWith(buffer -> buffer.putShort(20, (short) 0));
  }

  @Test
  void anAttributeLongerThanItsMessageFailsAndClosesTheSocket() {
    answersAGenerationWith(buffer -> buffer.putShort(20, (short) 200));
  }

  /** A generation answer with one length spoiled by {@code spoil} fails and closes the socket. */
  private void answersAGenerationWith(Consumer<ByteBuffer> spoil) {
    byte[] generation = generation(4 + 8);
    spoil.accept(ByteBuffer.wrap(generation).order(ByteOrder.nativeOrder()));
    channel.answers.add(generation);
    assertThat(lease.generation()).isEmpty();
    assertThat(channel.closed).isEqualTo(1);
  }

  @Test
  void aShortErrorMessageFailsARenewalAndTheNextCallOpensAFreshSocket() {
    byte[] error = new byte[16];
    ByteBuffer.wrap(error)
        .order(ByteOrder.nativeOrder())
        .putInt(16)
        .putShort((short) NftMessages.NLMSG_ERROR)
        .putShort((short) 0)
        .putInt(5); // whatever number: read before it is matched
    channel.answers.add(error);
    assertThat(lease.renew(Duration.ofSeconds(3))).isFalse();
    assertThat(channel.closed).isEqualTo(1);
    channel.answers.add(ANSWER_TO_LAST);
    assertThat(lease.generation()).hasValue(77);
    assertThat(channel.opened).isEqualTo(2);
  }

  @Test
  void theReaderRefusesEachMalformedShapeItself() {
    assertThatThrownBy(() -> NftMessages.read(new byte[10]))
        .isInstanceOf(NftMessages.MalformedAnswer.class);
    byte[] whole = generation(4 + 8);
    assertThatThrownBy(() -> NftMessages.read(Arrays.copyOf(whole, 20)))
        .isInstanceOf(NftMessages.MalformedAnswer.class);
    byte[] tooShort = whole.clone();
    ByteBuffer.wrap(tooShort).order(ByteOrder.nativeOrder()).putInt(0, 8);
    assertThatThrownBy(() -> NftMessages.read(tooShort))
        .isInstanceOf(NftMessages.MalformedAnswer.class);
  }

  /** A generation answer with {@code body} bytes after the header, its attribute well formed. */
  private static byte[] generation(int body) {
    ByteBuffer b = ByteBuffer.allocate(16 + body).order(ByteOrder.nativeOrder());
    b.putInt(16 + body).putShort((short) NEWGEN).putShort((short) 0).putInt(2).putInt(0);
    b.putInt(0); // nfgenmsg
    b.putShort((short) 8).putShort((short) 1);
    b.order(ByteOrder.BIG_ENDIAN).putInt(1);
    return b.array();
  }

  private static byte[] generationAnswer(int seq, int id) {
    ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
    b.putInt(28).putShort((short) NEWGEN).putShort((short) 0).putInt(seq).putInt(0);
    b.putInt(0);
    b.putShort((short) 8).putShort((short) 1);
    b.order(ByteOrder.BIG_ENDIAN).putInt(id);
    return b.array();
  }
}
