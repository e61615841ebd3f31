using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Rs.Table;

namespace Minix3.Cosmos.Servers.Rs
{
    // One component RS supervises: its program (the boot module named after
    // its label, or the image a live update installed), its table, its live
    // endpoint, and how it is recovered: a recovery script run by the
    // system shell, or the declarative restart policy.
    internal sealed class Service
    {
        public Service(string label, string program, byte[] table, int endpoint, RestartPolicy policy)
        {
            Label = label;
            Program = program;
            Table = table;
            Endpoint = endpoint;
            Policy = policy;
        }

        public string Label { get; }

        // The boot module it runs: its label, or for another instance of a
        // program (`service up PROGRAM -label LABEL`) that program's.
        public string Program { get; }
        public byte[] Table { get; }
        public RestartPolicy Policy { get; set; }
        public int Endpoint { get; set; }

        // The program a restart starts, kept from the boot module at start
        // (null: read the boot module again); a live update puts the new
        // version here.
        public byte[]? Image { get; set; }

        // The recovery script: its text (null: none, or not loaded yet) and
        // the path it was named by (the policy's `recovery`, or `service up
        // -script`). The policy's script is read from the boot image, where
        // the build packs it under its file name, so a script can run while
        // the disk driver is the component being recovered.
        public string? ScriptPath { get; set; }
        public string? ScriptText { get; set; }

        // Down and waiting for its backed-off restart at RestartAtMs.
        public bool Pending { get; set; }
        public long RestartAtMs { get; set; }
        public int Reason { get; set; }

        // Down while its recovery script runs; the script's `service
        // restart` starts it again.
        public bool Recovering { get; set; }

        // Stopped for good: failed more often than its policy allows, or
        // taken down.
        public bool Stopped { get; set; }

        // Heartbeat (the policy's `heartbeat period=P misses=M`; period 0:
        // none): a ping every period, dead after M unanswered in a row.
        public long HeartbeatMs { get; set; }
        public int MaxMisses { get; set; }
        public HeartbeatClock Heartbeat { get; } = new HeartbeatClock();

        // Why RS itself is ending it (a Reasons value; 0: RS is not): the
        // defect report will say "killed", the recovery uses this reason.
        public int EndingFor { get; set; }

        // The endpoint of the instance whose code swifi changed last (0:
        // none); the restart that replaces it says it runs the pristine program.
        public int MutatedInstance { get; set; }

        // A live update under way, or null.
        public Update? Update { get; set; }

        // Why it last ended, and when (ms since boot); 0 before any failure.
        public int LastReason { get; set; }
        public long LastFailureMs { get; set; }

        public bool Alive => !Pending && !Stopped && !Recovering;

        // Its policy says `critical`: ending it stops the system (the
        // kernel's rule), so RS refuses to end it on request.
        public bool Critical => PrivilegeRecords.TryFind(Table, PrivilegeFormat.Flags, out System.ReadOnlySpan<byte> flags)
            && flags.Length >= 4 && (flags[0] & PrivilegeFlags.Critical) != 0;
    }
}
