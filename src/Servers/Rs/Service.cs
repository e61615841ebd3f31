using Minix3.Cosmos.Servers.Rs.Table;

namespace Minix3.Cosmos.Servers.Rs
{
    // One component RS supervises: where its image and table are (boot
    // modules named after its label), its live endpoint, and what its
    // policy says about restarts.
    internal sealed class Service
    {
        public Service(string label, byte[] table, int endpoint, RestartPolicy policy)
        {
            Label = label;
            Table = table;
            Endpoint = endpoint;
            Policy = policy;
        }

        public string Label { get; }
        public byte[] Table { get; }
        public RestartPolicy Policy { get; }
        public int Endpoint { get; set; }

        // Down and waiting for its backed-off restart at RestartAtMs.
        public bool Pending { get; set; }
        public long RestartAtMs { get; set; }
        public int Reason { get; set; }

        // Stopped for good: failed more often than its policy allows.
        public bool Stopped { get; set; }

        // Heartbeat (the policy's `heartbeat period=P misses=M`; period 0:
        // none): a ping every period, dead after M unanswered in a row.
        public long HeartbeatMs { get; set; }
        public int MaxMisses { get; set; }
        public int Misses { get; set; }
        public bool AwaitingAnswer { get; set; }
        public long NextPingMs { get; set; }

        // RS killed it for missed heartbeats: its defect report says
        // "killed", the reason is "heartbeat".
        public bool KilledForHeartbeat { get; set; }

        // RS ended it on request (`service restart`): the reason is "requested".
        public bool KilledOnRequest { get; set; }

        // Why it last ended, and when (ms since boot); 0 before any failure.
        public int LastReason { get; set; }
        public long LastFailureMs { get; set; }

        public bool Alive => !Pending && !Stopped;
    }
}
