package org.culet.kernel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Kernels are plain Java: nothing under org.culet.kernel may touch Spark, Scala or Hadoop (architecture.md, principle 1). */
class ArchitectureTest {
    private static final JavaClasses KERNELS = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.culet.kernel");

    @Test
    void kernelsDoNotDependOnSparkScalaOrHadoop() {
        noClasses().that().resideInAPackage("org.culet.kernel..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..", "org.apache.hadoop..")
            .because("kernels must run and be tested without Spark")
            .check(KERNELS);
    }

    @Test
    void kernelsExist() {
        // Guards the rule above against passing vacuously on an empty import.
        org.assertj.core.api.Assertions.assertThat(KERNELS.size()).isGreaterThan(5);
    }
}
