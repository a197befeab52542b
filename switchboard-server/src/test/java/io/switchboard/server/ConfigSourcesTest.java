package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

class ConfigSourcesTest {
    private static final ConfigFile FILE =
            ConfigFile.of("switchboard.yaml", Map.of("max-frame-bytes", "1000", "port", "4000"));

    /** A parsed {@link Main} with its sources, as {@code Main.run} sets them up. */
    private record Parsed(Main main, CommandLine cmd, ConfigSources sources) {
        String source(String flag) {
            OptionSpec o = cmd.getCommandSpec().findOption(flag);
            return sources.sourceOf(o, cmd.getParseResult().hasMatchedOption(o)).toString();
        }
    }

    private static Parsed parse(Map<String, String> env, ConfigFile file, String... args) {
        Main main = new Main();
        CommandLine cmd = new CommandLine(main);
        ConfigSources sources = new ConfigSources(cmd.getCommandSpec(), List.of(args), env, file);
        cmd.setDefaultValueProvider(sources);
        cmd.parseArgs(args);
        return new Parsed(main, cmd, sources);
    }

    @Test
    void theEnvironmentVariableIsTheFlagNameUpperCasedWithThePrefix() {
        Parsed p = parse(Map.of("SWITCHBOARD_MAX_FRAME_BYTES", "4096", "SWITCHBOARD_ENABLE_ECHO", "true"), null);

        assertThat(p.main().maxFrameBytes).isEqualTo(4096);
        assertThat(p.main().enableEcho).isTrue();
        assertThat(p.source("--max-frame-bytes")).isEqualTo("env SWITCHBOARD_MAX_FRAME_BYTES");
        assertThat(ConfigSources.envName("max-frame-bytes")).isEqualTo("SWITCHBOARD_MAX_FRAME_BYTES");
    }

    @Test
    void aFlagWinsOverTheEnvironmentWhichWinsOverTheFileWhichWinsOverTheDefault() {
        Map<String, String> env = Map.of("SWITCHBOARD_MAX_FRAME_BYTES", "2000");

        assertThat(parse(env, FILE, "--max-frame-bytes", "3000").main().maxFrameBytes)
                .isEqualTo(3000);
        assertThat(parse(env, FILE).main().maxFrameBytes).isEqualTo(2000);
        assertThat(parse(Map.of(), FILE).main().maxFrameBytes).isEqualTo(1000);
        assertThat(parse(Map.of("SWITCHBOARD_MAX_FRAME_BYTES", ""), FILE).main().maxFrameBytes)
                .as("an empty variable counts as unset")
                .isEqualTo(1000);
        assertThat(parse(Map.of(), null).main().maxFrameBytes).isEqualTo(65536);
        assertThat(parse(env, FILE, "--max-frame-bytes=3000").source("--max-frame-bytes"))
                .isEqualTo("flag");
        assertThat(parse(Map.of(), FILE).source("--max-frame-bytes")).isEqualTo("file switchboard.yaml");
        assertThat(parse(Map.of(), null).source("--max-frame-bytes")).isEqualTo("default");
    }

    @Test
    void switchboardPortWinsOverPortWhichWinsOverTheFile() {
        assertThat(parse(Map.of("PORT", "5000", "SWITCHBOARD_PORT", "6000"), FILE)
                        .main()
                        .port)
                .isEqualTo(6000);
        Parsed platform = parse(Map.of("PORT", "5000"), FILE);
        assertThat(platform.main().port).isEqualTo(5000);
        assertThat(platform.source("--port")).isEqualTo("env PORT");
        assertThat(parse(Map.of("PORT", "5000"), FILE, "--port", "7000").main().port)
                .isEqualTo(7000);
        assertThat(parse(Map.of(), null).main().port).isEqualTo(3000);
    }

    @Test
    void aListFromTheFileOrTheEnvironmentGivesSeveralValuesAndAFlagReplacesThemAll() {
        ConfigFile file =
                ConfigFile.of("a.yaml", Map.of("socketio-cors-origin", "https://a.example,https://b.example"));

        assertThat(parse(Map.of(), file).main().socketIoCorsOrigins)
                .containsExactly("https://a.example", "https://b.example");
        assertThat(parse(Map.of("SWITCHBOARD_SOCKETIO_CORS_ORIGIN", "https://c.example, https://d.example"), file)
                        .main()
                        .socketIoCorsOrigins)
                .containsExactly("https://c.example", "https://d.example");
        assertThat(parse(Map.of(), file, "--socketio-cors-origin", "https://e.example")
                        .main()
                        .socketIoCorsOrigins)
                .containsExactly("https://e.example");
    }

    @Test
    void everyRepeatableOptionSplitsOnCommasSoTheEnvironmentAndTheFileCanGiveSeveralValues() {
        // An engineer adding a repeatable flag: declare split = ConfigSources.LIST_SPLIT on it.
        assertThat(new CommandLine(new Main()).getCommandSpec().options())
                .filteredOn(OptionSpec::isMultiValue)
                .isNotEmpty()
                .allSatisfy(o -> assertThat(o.splitRegex()).as(o.longestName()).isEqualTo(ConfigSources.LIST_SPLIT));
    }

    @Test
    void aFileKeyThatNamesNoFlagIsRefusedByName() {
        ConfigFile file = ConfigFile.of("switchboard.yaml", Map.of("max-frame-byte", "1000"));

        assertThatThrownBy(() -> parse(Map.of(), file))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("switchboard.yaml: unknown key max-frame-byte");
        assertThatThrownBy(() -> parse(Map.of(), ConfigFile.of("a.yaml", Map.of("print-config", "true"))))
                .hasMessageStartingWith("a.yaml: unknown key print-config");
        assertThatThrownBy(() -> parse(Map.of(), ConfigFile.of("a.yaml", Map.of("config", "b.yaml"))))
                .hasMessageStartingWith("a.yaml: unknown key config");
    }

    @Test
    void aSwitchboardVariableThatNamesNoFlagIsRefusedByNameButTheLogLevelIsNotAFlag() {
        assertThatThrownBy(() -> parse(Map.of("SWITCHBOARD_MAX_FRAMES", "1"), null))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith(
                        "SWITCHBOARD_MAX_FRAMES: unknown environment variable, there is no flag " + "--max-frames");
        assertThat(parse(Map.of("SWITCHBOARD_LOG_LEVEL", "DEBUG", "HOME", "/root"), null)
                        .main()
                        .maxFrameBytes)
                .isEqualTo(65536);
    }

    @Test
    void aRangeErrorAboutAValueFromTheFileOrTheEnvironmentNamesThatSource() {
        String range = "--max-frame-bytes must be between 125 and 16777216, got 0";
        ConfigFile file = ConfigFile.of("switchboard.yaml", Map.of("max-frame-bytes", "0"));

        assertThat(parse(Map.of(), file).sources().explain(range, null))
                .isEqualTo("switchboard.yaml: max-frame-bytes must be between 125 and 16777216, got 0");
        assertThat(parse(Map.of("SWITCHBOARD_MAX_FRAME_BYTES", "0"), file)
                        .sources()
                        .explain(range, null))
                .isEqualTo("SWITCHBOARD_MAX_FRAME_BYTES=0: max-frame-bytes must be between 125 and 16777216, got 0");
        assertThat(parse(Map.of("SWITCHBOARD_MAX_FRAME_BYTES", "0"), file, "--max-frame-bytes", "0")
                        .sources()
                        .explain(range, null))
                .isEqualTo(range);
    }

    @Test
    void aValueTheFlagCannotConvertNamesTheVariableItCameFrom() {
        Main main = new Main();
        CommandLine cmd = new CommandLine(main);
        ConfigSources sources =
                new ConfigSources(cmd.getCommandSpec(), List.of(), Map.of("SWITCHBOARD_IO_THREADS", "many"), null);
        cmd.setDefaultValueProvider(sources);

        assertThatThrownBy(() -> cmd.parseArgs())
                .isInstanceOfSatisfying(CommandLine.ParameterException.class, e -> assertThat(
                                sources.explain(e.getMessage(), e.getArgSpec()))
                        .isEqualTo("SWITCHBOARD_IO_THREADS=many: invalid io-threads: 'many' is not an int"));
    }

    @Test
    void aPasswordInAUrlAndASecretOptionAreMasked() {
        CommandLine cmd = new CommandLine(new WithSecrets());
        OptionSpec database = cmd.getCommandSpec().findOption("--database");

        assertThat(ConfigSources.mask(database, "postgresql://chat:s3cret@db:5432/chat"))
                .isEqualTo("postgresql://chat:***@db:5432/chat");
        assertThat(ConfigSources.mask(database, "sqlite")).isEqualTo("sqlite");
        assertThat(ConfigSources.mask(cmd.getCommandSpec().findOption("--signing-key"), "k"))
                .isEqualTo("***");
        assertThat(ConfigSources.mask(cmd.getCommandSpec().findOption("--admin-token"), "t"))
                .as("named like a secret, without the annotation")
                .isEqualTo("***");
    }

    @Test
    void aSecretFromTheEnvironmentIsMaskedInAnErrorLine() {
        CommandLine cmd = new CommandLine(new WithSecrets());
        ConfigSources sources =
                new ConfigSources(cmd.getCommandSpec(), List.of(), Map.of("SWITCHBOARD_SIGNING_KEY", "hunter2"), null);

        assertThat(sources.explain("--signing-key is too short", null))
                .isEqualTo("SWITCHBOARD_SIGNING_KEY=***: signing-key is too short");
    }

    /** Options another engineer might add. */
    static final class WithSecrets {
        @Option(names = "--database")
        String database;

        @Secret
        @Option(names = "--signing-key")
        String signingKey;

        @Option(names = "--admin-token")
        String adminToken;
    }
}
