package org.slipsfailover.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The bytes of the few netlink messages the lease needs, and the kernel's answers read back. */
class NftMessagesTest {
  private static final int NFTABLES = 10 << 8;

  @Test
  void aRenewalIsOneBatchThatEmptiesAndRefillsEachLease() throws Exception {
    List<NftMessages.Answer> messages = NftMessages.read(NftMessages.renew(100, Duration.ZERO));
    assertThat(messages)
        .extracting(NftMessages.Answer::type)
        .containsExactly(16, NFTABLES | 14, NFTABLES | 12, NFTABLES | 14, NFTABLES | 12, 17);
    assertThat(messages)
        .extracting(NftMessages.Answer::seq)
        .containsExactly(99, 100, 101, 102, 103, 104);
  }

  @Test
  void theTimeoutGoesInBigEndianMilliseconds() throws Exception {
    String hex = HexFormat.of().formatHex(NftMessages.renew(1, Duration.ofMillis(2500)));
    // NFTA_SET_ELEM_TIMEOUT: length 12, type 4, then 2500 (0x9c4) as a big-endian 64-bit number.
    assertThat(hex).contains(le16(12) + le16(4) + "00000000000009c4");
  }

  @Test
  void eachMessageNamesTheTableAndTheLease() throws Exception {
    byte[] batch = NftMessages.renew(1, Duration.ofSeconds(3));
    String text = new String(batch, StandardCharsets.ISO_8859_1);
    assertThat(text.split("slips_failover\0", -1)).hasSize(5); // four messages, each names it
    assertThat(text.split("lease\0", -1)).hasSize(5);
  }

  @Test
  void aRevokeEmptiesBothLeasesOnly() throws Exception {
    assertThat(NftMessages.read(NftMessages.revoke(7)))
        .extracting(NftMessages.Answer::type)
        .containsExactly(16, NFTABLES | 14, NFTABLES | 14, 17);
  }

  @Test
  void anAcknowledgementAndARefusalAreTold() throws Exception {
    byte[] datagram = concat(error(5, 0), error(6, -2));
    assertThat(NftMessages.read(datagram))
        .containsExactly(
            new NftMessages.Answer(2, 5, 0, OptionalLong.empty()),
            new NftMessages.Answer(2, 6, -2, OptionalLong.empty()));
  }

  @Test
  void theGenerationIsReadFromItsAttribute() throws Exception {
    ByteBuffer b = ByteBuffer.allocate(16 + 4 + 8 + 8).order(ByteOrder.nativeOrder());
    b.putInt(36).putShort((short) (NFTABLES | 15)).putShort((short) 0).putInt(9).putInt(0);
    b.putInt(0); // nfgenmsg
    b.putShort((short) 8).putShort((short) 2).putInt(1234); // NFTA_GEN_PROC_PID first
    b.putShort((short) 8).putShort((short) 1);
    b.order(ByteOrder.BIG_ENDIAN).putInt(0xfffffffe); // NFTA_GEN_ID, big-endian, unsigned
    assertThat(NftMessages.read(b.array()))
        .singleElement()
        .extracting(a -> a.generation().getAsLong())
        .isEqualTo(0xfffffffeL);
  }

  @Test
  void aTruncatedAnswerIsNotReadPastItsEnd() throws Exception {
    byte[] whole = error(5, 0);
    byte[] cut = Arrays.copyOf(whole, 20);
    assertThatThrownBy(() -> NftMessages.read(cut)).isInstanceOf(NftMessages.MalformedAnswer.class);
  }

  private static byte[] error(int seq, int errno) {
    ByteBuffer b = ByteBuffer.allocate(36).order(ByteOrder.nativeOrder());
    b.putInt(36).putShort((short) 2).putShort((short) 0).putInt(seq).putInt(0);
    b.putInt(errno);
    b.putInt(16).putShort((short) 0).putShort((short) 0).putInt(seq).putInt(0); // the request's
    return b.array();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
  }

  private static String le16(int value) {
    ByteBuffer b = ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort((short) value);
    return HexFormat.of().formatHex(b.array());
  }
}
