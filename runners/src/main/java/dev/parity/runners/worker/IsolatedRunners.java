package dev.parity.runners.worker;

import dev.parity.runners.Runner;
import dev.parity.runners.RunnerUnavailableException;
import dev.parity.runners.factory.RunnerSettings;
import dev.parity.runners.factory.Runners;
import dev.parity.runners.RuntimeUntrustedException;
import dev.parity.runners.selfcheck.SelfCheck;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Opens runners the way a run should: each local variant in a worker process of its own, started in the mode its
 * runtime is trusted in on this host ({@link HostTrust}); served variants in this process (their runtime is the
 * server's). A runtime no mode makes right is unavailable, with the self-check's evidence as the reason.
 */
public final class IsolatedRunners {
    private final HostTrust trust;

    public IsolatedRunners(Path cacheDir, Consumer<String> log) {
        this.trust = new HostTrust(cacheDir, log);
    }

    public HostTrust trust() {
        return trust;
    }

    public Runner open(RunnerSettings s) throws RunnerUnavailableException {
        if (s.runtime().served()) return Runners.open(s);
        HostMode forced = s.cpuIsa() == null ? null : HostMode.onednnCap(s.cpuIsa());
        if (!SelfCheck.covers(s.runtime())) return WorkerRunner.open(s, forced != null ? forced : HostMode.DEFAULT,
                false);
        HostTrust.Verdict v = trust.verdict(s.runtime(), forced);
        if (!v.trusted()) throw new RuntimeUntrustedException(v.why());
        // the default mode of a runtime that passed needs no explaining; any other mode says why it was chosen
        return WorkerRunner.open(s, v.mode(), true, v.mode().equals(HostMode.DEFAULT) ? null : v.why());
    }
}
