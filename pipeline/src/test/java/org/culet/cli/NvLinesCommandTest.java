package org.culet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class NvLinesCommandTest {
    @Test
    void jsonGivesEightLabelledLinesMatchingTheOnAxisFormula() throws Exception {
        CliHarness r = CliHarness.run("nv-lines", "--culet", "111", "--b-gauss", "0,0,100",
            "--stress-gpa", "0,0,10,0,0,0", "--d0-mhz", "2870", "--json");
        assertThat(r.exitCode).as(r.err).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out);
        JsonNode lines = root.get("lines");
        assertThat(lines).hasSize(8);
        // On-axis group: D0 + Mz -/+ gamma B with Mz = -2.54 MHz/GPa x 10 GPa (physics.md Section 4).
        assertThat(lines.get(0).get("group").asInt()).isEqualTo(1);
        assertThat(lines.get(0).get("on_axis").asBoolean()).isTrue();
        assertThat(lines.get(0).get("frequency_mhz").asDouble()).isCloseTo(2870 - 25.4 - 280.25, within(0.01));
        assertThat(lines.get(1).get("frequency_mhz").asDouble()).isCloseTo(2870 - 25.4 + 280.25, within(0.01));
        assertThat(lines.get(1).get("branch").asText()).isEqualTo("+");
    }

    @Test
    void tableOutputUsesTheConfiguredD0ModelAndOverrides() {
        CliHarness r = CliHarness.run("nv-lines", "-Dculet.physics.d0.model=constant",
            "-Dculet.physics.d0.zero-kelvin-mhz=2871.5");
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.out).contains("D0 = 2871.500 MHz").contains("f-").contains("f+");
        assertThat(r.out.lines().filter(l -> l.contains("2871.500")).count()).isEqualTo(9); // header + 8 lines at zero field
    }

    @Test
    void wrongComponentCountIsAUserErrorSayingHowToFixIt() {
        CliHarness r = CliHarness.run("nv-lines", "--b-gauss", "0,100");
        assertThat(r.exitCode).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(r.err).contains("--b-gauss needs 3 components").contains("fix:");
    }

    /** A -D value of the wrong type is the user's input: a configuration error naming the key, not an internal error. */
    @Test
    void overrideOfTheWrongTypeIsAConfigurationErrorNamingTheKey() {
        CliHarness r = CliHarness.run("nv-lines", "-Dculet.physics.d0.model=constant",
            "-Dculet.physics.d0.zero-kelvin-mhz=not-a-number");
        assertThat(r.exitCode).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(r.err).contains("configuration error").contains("zero-kelvin-mhz").doesNotContain("internal error");
    }

    @Test
    void unknownCuletIsAUserError() {
        CliHarness r = CliHarness.run("nv-lines", "--culet", "110");
        assertThat(r.exitCode).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(r.err).contains("unknown culet orientation '110'");
    }

    @Test
    void helpListsTheSubcommands() {
        CliHarness r = CliHarness.run("--help");
        assertThat(r.exitCode).isZero();
        assertThat(r.out).contains("nv-lines");
    }
}
