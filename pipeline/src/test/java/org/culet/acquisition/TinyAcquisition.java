package org.culet.acquisition;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Path;
import org.culet.kernel.nv.D0Model;
import org.culet.kernel.nv.NvConstants;
import org.culet.kernel.sim.SimulationSpec;
import org.culet.kernel.sim.SyntheticAcquisition;

/** Writes the tiny preset for tests. */
final class TinyAcquisition {
    private TinyAcquisition() {
    }

    static SyntheticAcquisition model(long seed) {
        Config c = ConfigFactory.defaultReference().getConfig("culet");
        SimulationSpec spec = SimulationSpec.fromConfig(c.getConfig("simulate"), c.getConfig("instrument"), "tiny", seed);
        return new SyntheticAcquisition(spec, NvConstants.fromConfig(c.getConfig("physics")),
            D0Model.fromConfig(c.getConfig("physics")));
    }

    static SyntheticAcquisitionWriter.Summary write(Path dir, long seed) throws IOException {
        return SyntheticAcquisitionWriter.write(model(seed), dir, 2, null);
    }
}
