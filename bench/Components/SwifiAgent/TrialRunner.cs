using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Bench.Components.SwifiAgent
{
    // One trial, start to end (README.md, "Per trial"): RS's view of the
    // driver before, the patches in, `rounds` checked workload rounds, the
    // patches out (only from the instance that has them: a restart runs
    // the pristine program), a wait for the driver to run again, one
    // recovery round, and the outcome from RS's view after. The line it
    // prints is the host's record of the trial.
    public sealed class TrialRunner
    {
        private readonly Plan _plan;
        private readonly Workloads _workloads;

        public TrialRunner(Plan plan, Workloads workloads)
        {
            _plan = plan;
            _workloads = workloads;
        }

        public void Run(Trial trial)
        {
            Workload workload = _workloads.For(trial.Label)!;
            RsEntry before = RsWatch.Find(trial.Label);
            // A driver RS stopped after the last trial was classified (its
            // restart limit reached in the recovery round) is started again
            // first: every trial begins with a running driver.
            if (before.Found && before.State == RsState.Stopped)
            {
                RsWatch.Up(trial.Label);
                before = RsWatch.WaitRunning(trial.Label);
            }
            Applied applied = Apply(trial, out long instance, out int patched);
            if (applied == Applied.Refused)
                return;
            // Rounds until the first wrong one: one wrong result decides the
            // outcome, and a round that timed out would only time out again.
            // A driver that ended while the batch went in (the patches
            // already in ran) has failed already: no rounds, nothing to undo.
            int round = 0, passed = 0;
            string? firstWrong = null;
            for (int i = 0; i < _plan.Rounds && firstWrong == null && applied == Applied.All; i++)
            {
                string? wrong = workload.Round(trial.Id, ++round);
                if (wrong == null)
                    passed++;
                else
                    firstWrong = wrong;
            }
            if (applied == Applied.All)
                Undo(trial, instance);
            RsEntry after = RsWatch.WaitRunning(trial.Label);
            string detail = string.Concat(" rounds=", passed.ToString(), "/", round.ToString(),
                firstWrong == null ? "" : " first=" + firstWrong,
                applied == Applied.All ? "" : string.Concat(" ended-after=", patched.ToString(), "/", trial.Patches.Count.ToString(), "-patches"));
            if (!after.Found || (after.State != RsState.Running && after.State != RsState.Stopped))
            {
                Print(trial, "stuck " + RsWatch.StateName(after.State), detail);
                return;
            }
            string outcome;
            if (after.State == RsState.Stopped)
                outcome = Stopped(trial, workload, ref round, ref detail);
            else if (after.FailedSince(before))
                outcome = FailureOutcome(after.Reason);
            else
                outcome = firstWrong == null ? "none" : "wrong " + firstWrong;
            if (after.FailedSince(before))
                detail = string.Concat(detail, " restarts=", after.Restarts.ToString());
            string? recovery = workload.Round(trial.Id, ++round);
            if (recovery != null)
            {
                detail = string.Concat(detail, " recovery failed:", recovery);
                if (outcome == "none")
                    outcome = "wrong after:" + recovery;
                // The driver runs and answers RS but no longer works: its
                // state broke while the fault was in (an interrupt line
                // left masked, a ring index lost), which taking the patch
                // out does not mend and no heartbeat sees. The campaign,
                // not the system, starts it afresh, so the next trial
                // begins from a working driver.
                int refreshed = RsWatch.Refresh(trial.Label);
                RsWatch.WaitRunning(trial.Label);
                string? again = workload.Round(trial.Id, ++round);
                detail = string.Concat(detail, " refreshed=", refreshed.ToString(), again == null ? "" : " still-failing:" + again);
            }
            Print(trial, outcome, detail);
        }

        private enum Applied { All, Ended, Refused }

        // The patches in, in order. Refused (and the trial's line printed)
        // when one cannot be: what was there is not the plan's OLD (the
        // plan does not match the image), or RS refuses; the patches
        // already in are taken out again. Ended when the driver ended
        // while the batch went in (the patches already in ran and made it
        // fail): `patched` of them were in.
        private static Applied Apply(Trial trial, out long instance, out int patched)
        {
            instance = 0;
            patched = 0;
            for (int i = 0; i < trial.Patches.Count; i++)
            {
                Patch patch = trial.Patches[i];
                byte[] bytes = Copy(patch.New);
                int status = Reincarnation.Mutate(trial.Label, patch.Address, bytes, out int endpoint);
                if (status == RsStatus.NotRunning && i > 0)
                    return Applied.Ended;
                if (status == RsStatus.NotRunning)
                {
                    RsWatch.WaitRunning(trial.Label);
                    bytes = Copy(patch.New);
                    status = Reincarnation.Mutate(trial.Label, patch.Address, bytes, out endpoint);
                }
                if (status != Status.Ok)
                {
                    UndoFirst(trial, i, instance);
                    Print(trial, "refused " + status.ToString(), "");
                    return Applied.Refused;
                }
                if (i > 0 && endpoint != instance)
                {
                    // The first patches' instance ended and this one went
                    // into its successor: out again (the pristine bytes).
                    Reincarnation.Mutate(trial.Label, patch.Address, bytes, out _);
                    return Applied.Ended;
                }
                instance = endpoint;
                patched = i + 1;
                if (!Same(bytes, patch.Old))
                {
                    string found = Text.HexOf(bytes);
                    Reincarnation.Mutate(trial.Label, patch.Address, bytes, out _);
                    UndoFirst(trial, i, instance);
                    Print(trial, "mismatch " + patch.Address.ToString("x"), "found=" + found);
                    return Applied.Refused;
                }
            }
            return Applied.All;
        }

        private static void Undo(Trial trial, long instance) => UndoFirst(trial, trial.Patches.Count, instance);

        // Writes OLD back over the first `count` patches, last first, while
        // `instance` runs. OLD is what the pristine program has there, so a
        // write that lands on a successor instance changes nothing.
        private static void UndoFirst(Trial trial, int count, long instance)
        {
            for (int i = count - 1; i >= 0; i--)
            {
                RsEntry now = RsWatch.Find(trial.Label);
                if (!now.Found || now.State != RsState.Running || now.Endpoint != instance)
                    return;
                byte[] bytes = Copy(trial.Patches[i].Old);
                Reincarnation.Mutate(trial.Label, trial.Patches[i].Address, bytes, out _);
            }
        }

        // RS stopped the driver (past its restart limit): a request to it
        // must now fail at once, not wait; then RS starts it again.
        private static string Stopped(Trial trial, Workload workload, ref int round, ref string detail)
        {
            long start = Lib.Sys.Process.UptimeMs();
            string? wrong = workload.Round(trial.Id, ++round);
            long took = Lib.Sys.Process.UptimeMs() - start;
            detail = string.Concat(detail, " stopped-op=", wrong ?? "ok", " took=", took.ToString(), "ms");
            int up = RsWatch.Up(trial.Label);
            RsEntry after = RsWatch.WaitRunning(trial.Label);
            if (up != Status.Ok || after.State != RsState.Running)
                detail = string.Concat(detail, " up=", up.ToString(), ":", RsWatch.StateName(after.State));
            return "stopped";
        }

        private static string FailureOutcome(int reason) => reason switch
        {
            5 => "hang",
            7 => "complaint",
            9 => "dma",
            _ => "crash " + RsWatch.ReasonName(reason),
        };

        private static void Print(Trial trial, string outcome, string detail) =>
            Diagnostics.Print(string.Concat("swifi: R ", trial.Id.ToString(), " ", outcome, detail.Length == 0 || detail[0] == ' ' ? "" : " ", detail, " type=", trial.Type,
                " t=", Lib.Sys.Process.UptimeMs().ToString()));

        private static byte[] Copy(byte[] bytes)
        {
            var copy = new byte[bytes.Length];
            for (int i = 0; i < bytes.Length; i++)
                copy[i] = bytes[i];
            return copy;
        }

        private static bool Same(byte[] a, byte[] b)
        {
            for (int i = 0; i < a.Length; i++)
                if (a[i] != b[i])
                    return false;
            return true;
        }
    }
}
