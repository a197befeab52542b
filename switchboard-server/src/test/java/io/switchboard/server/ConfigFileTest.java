package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @TempDir
    Path tmp;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name), content);
    }

    @Test
    void aYamlFileGivesEachKeyItsTextAndAListJoinedWithCommas() throws IOException {
        ConfigFile f = ConfigFile.read(
                write(
                        "switchboard.yaml",
                        """
                # comments are fine
                max-frame-bytes: 65536
                enable-echo: true
                rate-limit: 2.5
                retention-max-age: 30d
                socketio-cors-origin:
                  - https://a.example
                  - https://b.example
                """));

        assertThat(f.values())
                .containsEntry("max-frame-bytes", "65536")
                .containsEntry("enable-echo", "true")
                .containsEntry("rate-limit", "2.5")
                .containsEntry("retention-max-age", "30d")
                .containsEntry("socketio-cors-origin", "https://a.example,https://b.example");
        assertThat(f.name()).endsWith("switchboard.yaml");
    }

    @Test
    void aPropertiesFileGivesEachKeyItsTrimmedText() throws IOException {
        ConfigFile f = ConfigFile.read(write(
                "switchboard.properties", "max-frame-bytes = 4096 \nsocketio-cors-origin=https://a.example, *\n"));

        assertThat(f.values())
                .containsEntry("max-frame-bytes", "4096")
                .containsEntry("socketio-cors-origin", "https://a.example, *");
    }

    @Test
    void anEmptyYamlFileSetsNothing() throws IOException {
        assertThat(ConfigFile.read(write("empty.yml", "# nothing yet\n")).values())
                .isEmpty();
    }

    @Test
    void aNestedMapADuplicateKeyAndAKeyWithoutValueAreRefusedNamingTheFile() throws IOException {
        assertThatThrownBy(() -> ConfigFile.read(write("nested.yaml", "database:\n  url: x\n")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("nested.yaml: database must be a value or a list of values");
        assertThatThrownBy(() -> ConfigFile.read(write("dup.yaml", "port: 1\nport: 2\n")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("dup.yaml: not valid YAML")
                .hasMessageContaining("port");
        assertThatThrownBy(() -> ConfigFile.read(write("null.yaml", "port:\n")))
                .hasMessageContaining("null.yaml: port has no value");
        assertThatThrownBy(() -> ConfigFile.read(write("list.yaml", "- port\n")))
                .hasMessageContaining("list.yaml: must be a map");
    }

    @Test
    void anotherExtensionOrAMissingFileIsRefusedNamingTheFlag() {
        assertThatThrownBy(() -> ConfigFile.read(tmp.resolve("switchboard.toml")))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("--config ")
                .hasMessageEndingWith("switchboard.toml: must end in .yaml, .yml or .properties");
        assertThatThrownBy(() -> ConfigFile.read(tmp.resolve("missing.yaml")))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("--config ")
                .hasMessageContaining("missing.yaml: cannot read");
    }
}
