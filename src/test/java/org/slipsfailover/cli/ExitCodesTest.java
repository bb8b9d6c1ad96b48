package org.slipsfailover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.slipsfailover.config.BadInputException;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.host.PathUnreadableException;
import org.slipsfailover.host.UnsafePathException;
import org.slipsfailover.install.InstallException;
import org.slipsfailover.units.TemplateException;

/** Each kind of failure has one exit code, whichever command it ends. */
class ExitCodesTest {

  @Test
  void eachFailureMapsToItsCode() {
    assertThat(ExitCodes.of(new BadInputException("x"))).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(ExitCodes.of(new UnsafePathException("x"))).isEqualTo(ExitCode.UNSAFE_PATH);
    assertThat(ExitCodes.of(new EngineException("x", null))).isEqualTo(ExitCode.DOCKER_UNREACHABLE);
    assertThat(ExitCodes.of(new InstallException(ExitCode.NOT_ROOT, "x")))
        .isEqualTo(ExitCode.NOT_ROOT);
    assertThat(ExitCodes.of(new InstallException("x"))).isEqualTo(ExitCode.FAILED);
    assertThat(ExitCodes.of(new PathUnreadableException("x"))).isEqualTo(ExitCode.FAILED);
    assertThat(ExitCodes.of(new TemplateException("x"))).isEqualTo(ExitCode.FAILED);
    assertThat(ExitCodes.of(new UncheckedIOException(new IOException("x"))))
        .isEqualTo(ExitCode.FAILED);
    assertThat(ExitCodes.of(new IllegalStateException("a bug"))).isEqualTo(ExitCode.INTERNAL_ERROR);
  }

  @Test
  void everyCodeACommandCanEndWithIsListedForIt() {
    // Bad input is a usage error of every command; an internal error can end any of them.
    ExitCodes.BY_COMMAND.forEach(
        (command, codes) ->
            assertThat(codes).as(command).contains(ExitCode.BAD_INPUT, ExitCode.INTERNAL_ERROR));
  }
}
