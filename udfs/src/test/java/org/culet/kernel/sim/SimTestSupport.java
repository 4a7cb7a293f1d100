package org.culet.kernel.sim;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.culet.kernel.nv.D0Model;
import org.culet.kernel.nv.NvConstants;

/** Builds simulation specs from the shipped reference.conf for tests. */
final class SimTestSupport {
    private SimTestSupport() {
    }

    static Config culet() {
        return ConfigFactory.defaultReference().getConfig("culet");
    }

    static SimulationSpec spec(String preset, long seed) {
        Config c = culet();
        return SimulationSpec.fromConfig(c.getConfig("simulate"), c.getConfig("instrument"), preset, seed);
    }

    static SimulationSpec spec(Config culet, String preset, long seed) {
        return SimulationSpec.fromConfig(culet.getConfig("simulate"), culet.getConfig("instrument"), preset, seed);
    }

    static SyntheticAcquisition acquisition(String preset, long seed) {
        Config c = culet();
        return new SyntheticAcquisition(spec(preset, seed), NvConstants.fromConfig(c.getConfig("physics")),
            D0Model.fromConfig(c.getConfig("physics")));
    }
}
