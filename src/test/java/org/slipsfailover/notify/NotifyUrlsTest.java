package org.slipsfailover.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A URL is only ever named by its scheme and host: no user, password, token or path. */
class NotifyUrlsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      textBlock =
          """
          # Scheme and host only.
          ntfy://ntfy.sh/secret-topic,                               ntfy://ntfy.sh
          json://127.0.0.1:8080/hook?token=abc,                      json://127.0.0.1
          mailtos://user:pa55@smtp.example.org:465/?to=a@b.c,        mailtos://smtp.example.org
          gotify://localhost/AbCdEf,                                 gotify://localhost
          json://[::1]:99/x,                                         json://[::1]
          # A token in the host's place is left out.
          tgram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/4411, tgram://
          pover://uSeRkEy@ToKeN,                                     pover://
          not a url,                                                 (not a URL)
          """)
  void redactKeepsSchemeAndHostOnlyAndLeavesOutATokenInTheHostsPlace(String url, String named) {
    assertThat(NotifyUrls.redact(url)).isEqualTo(named);
  }

  @Test
  void theFileHoldsOneUrlALineAndCommentsAreSkipped() {
    String text = NotifyUrls.format(java.util.List.of("json://a.b/x", " ntfy://ntfy.sh/t "));
    assertThat(NotifyUrls.parse(text)).containsExactly("json://a.b/x", "ntfy://ntfy.sh/t");
  }
}
