using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Ds.Store
{
    // Who sent a request: the label its policy gives it (the process table's
    // label for the message's Source) and the endpoint it sent from.
    // Ownership and subscriptions belong to the label, because the label is
    // what survives a restart: the reincarnation server starts a failed
    // component again under the same label but with a new endpoint (a new
    // generation), and the new instance must be able to change, delete and
    // keep watching what the old one published. The endpoint only says where
    // to send notifications right now.
    public readonly struct Caller
    {
        public Caller(string label, Endpoint endpoint)
        {
            Label = label;
            Endpoint = endpoint;
        }

        public string Label { get; }
        public Endpoint Endpoint { get; }
    }
}
