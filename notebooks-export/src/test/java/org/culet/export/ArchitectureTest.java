package org.culet.export;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The plotting, notebook and report code works on plain Java data: no Spark, Hadoop or Scala. */
class ArchitectureTest {
    @Test
    void figuresModelNotebookAndReportDoNotUseSpark() {
        noClasses().that().resideInAnyPackage("org.culet.export.figures..", "org.culet.export.model..",
                "org.culet.export.notebook..", "org.culet.export.report..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..")
            .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.culet.export"));
    }
}
