package org.slipsfailover.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A URL is only ever named by its scheme and host: no user, password, token or path. */
class NotifyUrlsTest {
  @Test
  void redactKeepsSchemeAndHostOnly() {
    assertThat(NotifyUrls.redact("ntfy://ntfy.sh/secret-topic")).isEqualTo("ntfy://ntfy.sh");
    assertThat(NotifyUrls.redact("json://127.0.0.1:8080/hook?token=abc"))
        .isEqualTo("json://127.0.0.1");
    assertThat(NotifyUrls.redact("mailtos://user:pa55@smtp.example.org:465/?to=a@b.c"))
        .isEqualTo("mailtos://smtp.example.org");
    assertThat(NotifyUrls.redact("gotify://localhost/AbCdEf")).isEqualTo("gotify://localhost");
    assertThat(NotifyUrls.redact("json://[::1]:99/x")).isEqualTo("json://[::1]");
  }

  @Test
  void aTokenInTheHostsPlaceIsLeftOut() {
    assertThat(NotifyUrls.redact("tgram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/4411"))
        .isEqualTo("tgram://");
    assertThat(NotifyUrls.redact("pover://uSeRkEy@ToKeN")).isEqualTo("pover://");
    assertThat(NotifyUrls.redact("not a url")).isEqualTo("(not a URL)");
  }

  @Test
  void theFileHoldsOneUrlALineAndCommentsAreSkipped() {
    String text = NotifyUrls.format(java.util.List.of("json://a.b/x", " ntfy://ntfy.sh/t "));
    assertThat(NotifyUrls.parse(text)).containsExactly("json://a.b/x", "ntfy://ntfy.sh/t");
  }
}
