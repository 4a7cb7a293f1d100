package org.culet.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import org.apache.spark.storage.StorageLevel;
import org.culet.config.UserException;
import org.junit.jupiter.api.Test;

class CacheStorageLevelTest {
    private static StorageLevel level(String value) {
        return CuletJob.cacheStorageLevel(ConfigFactory.parseString("pipeline.cache-storage-level = \"" + value + "\""));
    }

    @Test
    void sparkStorageLevelNamesAreAcceptedInAnyCase() {
        assertThat(level("MEMORY_AND_DISK")).isEqualTo(StorageLevel.MEMORY_AND_DISK());
        assertThat(level("disk_only")).isEqualTo(StorageLevel.DISK_ONLY());
        assertThat(level(" MEMORY_AND_DISK_SER ")).isEqualTo(StorageLevel.MEMORY_AND_DISK_SER());
    }

    @Test
    void anUnknownLevelOrOneThatKeepsNothingIsAUserErrorNamingTheKey() {
        assertThatThrownBy(() -> level("SSD")).isInstanceOf(UserException.class)
            .hasMessageContaining("culet.pipeline.cache-storage-level");
        assertThatThrownBy(() -> level("NONE")).isInstanceOf(UserException.class);
    }
}
