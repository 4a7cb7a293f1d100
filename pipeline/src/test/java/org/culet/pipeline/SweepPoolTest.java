package org.culet.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.culet.config.UserException;
import org.junit.jupiter.api.Test;
import scala.Option;

class SweepPoolTest {
    @Test
    void executorCoresComeFromTheLocalMasterOrSparkExecutorCores() {
        assertThat(TaskPlan.coresOf("local", Option.empty())).isEqualTo(1);
        assertThat(TaskPlan.coresOf("local[3]", Option.empty())).isEqualTo(3);
        assertThat(TaskPlan.coresOf("local[2, 4]", Option.empty())).isEqualTo(2);
        assertThat(TaskPlan.coresOf("local[*]", Option.empty())).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(TaskPlan.coresOf("spark://host:7077", Option.apply("5"))).isEqualTo(5);
        // Unknown (standalone default: all of a worker's cores): 0, one thread per running task.
        assertThat(TaskPlan.coresOf("spark://host:7077", Option.empty())).isZero();
        assertThat(TaskPlan.coresOf("local-cluster[2,1,1536]", Option.empty())).isZero();
        assertThat(TaskPlan.coresOf("yarn", Option.apply("x"))).isZero();
    }

    @Test
    void aFixedSettingWinsAndABadOneIsAUserErrorNamingTheKey() {
        assertThat(TaskPlan.executorCores(ConfigFactory.parseString("pipeline.sweep-threads = 4"))).isEqualTo(4);
        assertThat(TaskPlan.executorCores(ConfigFactory.parseString("pipeline.sweep-threads = \"0\""))).isZero();
        assertThatThrownBy(() -> TaskPlan.executorCores(ConfigFactory.parseString("pipeline.sweep-threads = many")))
            .isInstanceOf(UserException.class).hasMessageContaining("culet.pipeline.sweep-threads");
        assertThatThrownBy(() -> TaskPlan.executorCores(ConfigFactory.parseString("pipeline.sweep-threads = -2")))
            .isInstanceOf(UserException.class);
    }

    @Test
    void thePoolHasAtLeastTheExecutorCoresAndNeverFewerThreadsThanRunningTasks() throws Exception {
        SweepPool first = SweepPool.acquire(0);
        int base = first.threads();
        SweepPool second = SweepPool.acquire(0);
        SweepPool third = SweepPool.acquire(0);
        assertThat(second).isSameAs(first).isSameAs(third);
        assertThat(first.threads()).isGreaterThanOrEqualTo(3).isGreaterThanOrEqualTo(base);
        // Three units that wait for each other finish only if the three run at once.
        CountDownLatch all = new CountDownLatch(3);
        Future<?>[] units = new Future<?>[3];
        for (int i = 0; i < 3; i++) {
            units[i] = first.submit(() -> {
                all.countDown();
                return all.await(20, TimeUnit.SECONDS);
            });
        }
        for (Future<?> u : units) {
            assertThat(u.get(30, TimeUnit.SECONDS)).isEqualTo(true);
        }
        third.release();
        second.release();
        first.release();
        assertThat(first.threads()).isGreaterThanOrEqualTo(1);
    }
}
