package io.crmerpsync.deploy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Module boundaries, checked on the compiled classes of every module: {@code schemas} is the public
 * contract and depends on nothing of ours; {@code cdc-source} and {@code streams-app} never depend
 * on each other; the registry and the ERP sink stand alone on the contract.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.crmerpsync");
  }

  @Test
  void schemasShouldDependOnNothingOfOurs() {
    noClasses()
        .that()
        .resideInAPackage("io.crmerpsync.schemas..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.crmerpsync.cdc..",
            "io.crmerpsync.streams..",
            "io.crmerpsync.registry..",
            "io.crmerpsync.erp..",
            "io.crmerpsync.embedded..",
            "io.crmerpsync.deploy..")
        .check(classes);
  }

  @Test
  void cdcSourceShouldNotDependOnTheStreamsAppOrTheSink() {
    noClasses()
        .that()
        .resideInAPackage("io.crmerpsync.cdc..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.crmerpsync.streams..", "io.crmerpsync.erp..", "io.crmerpsync.deploy..")
        .check(classes);
  }

  @Test
  void streamsAppShouldNotDependOnCdcSourceOrTheSink() {
    noClasses()
        .that()
        .resideInAPackage("io.crmerpsync.streams..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.crmerpsync.cdc..", "io.crmerpsync.erp..", "io.crmerpsync.deploy..")
        .check(classes);
  }

  @Test
  void registryAndSinkShouldStandAloneOnTheContract() {
    noClasses()
        .that()
        .resideInAnyPackage("io.crmerpsync.registry..", "io.crmerpsync.erp..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.crmerpsync.cdc..", "io.crmerpsync.streams..", "io.crmerpsync.deploy..")
        .check(classes);
  }

  @Test
  void embeddedPartsShouldNotDependOnThePipeline() {
    noClasses()
        .that()
        .resideInAPackage("io.crmerpsync.embedded..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.crmerpsync.schemas..",
            "io.crmerpsync.cdc..",
            "io.crmerpsync.streams..",
            "io.crmerpsync.registry..",
            "io.crmerpsync.erp..",
            "io.crmerpsync.deploy..")
        .check(classes);
  }
}
