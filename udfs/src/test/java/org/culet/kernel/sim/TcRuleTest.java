package org.culet.kernel.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TcRuleTest {
    private final TcRule rule = new TcRule(16, 23, 40, 80, 2.0, TcRule.ShearMeasure.TAU_MAX, 0.08);

    @Test
    void tcRisesWithNormalStressAndSaturates() {
        assertThat(rule.tcK(15.9, 1, 0, 1.5)).isNaN();
        assertThat(rule.tcK(16, 1, 0, 1.5)).isCloseTo(40, within(1e-12));
        assertThat(rule.tcK(19.5, 1, 0, 1.5)).isCloseTo(60, within(1e-12));
        assertThat(rule.tcK(25, 1, 0, 1.5)).isCloseTo(80, within(1e-12));
    }

    @Test
    void criticalShearAndStoichiometryQuench() {
        assertThat(rule.tcK(22, 2.01, 0, 1.5)).isNaN();
        assertThat(rule.tcK(22, 1.99, 5.0, 1.5)).isPositive(); // tau_interface ignored with tau_max selected
        assertThat(rule.tcK(22, 1, 0, 1.59)).isNaN();
        assertThat(rule.tcK(22, 1, 0, Double.NaN)).isNaN();
        TcRule interfaceRule = new TcRule(16, 23, 40, 80, 2.0, TcRule.ShearMeasure.TAU_INTERFACE, 0.08);
        assertThat(interfaceRule.tcK(22, 5.0, 1.0, 1.5)).isPositive();
        assertThat(interfaceRule.tcK(22, 1.0, 2.5, 1.5)).isNaN();
    }

    @Test
    void chiEffFollowsTheTwoFluidLikeLaw() {
        assertThat(TcRule.chiEff(0, 80, 4)).isEqualTo(1.0);
        assertThat(TcRule.chiEff(40, 80, 4)).isCloseTo(1 - 1.0 / 16, within(1e-12));
        assertThat(TcRule.chiEff(80, 80, 4)).isZero();
        assertThat(TcRule.chiEff(20, Double.NaN, 4)).isZero();
    }
}
