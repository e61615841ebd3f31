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
    //
    // A user program has no label of its own to speak of (PM names it
    // after the program it runs, which any user may run): it is known by
    // its uid instead, as the owner "~<uid>", which no label can be (labels
    // are a-z, 0-9, '_' and '-'). What a user program publishes is that
    // user's alone: nobody else may read, change or delete it, or hear of
    // its changes (DataStore, Subscriptions).
    public readonly struct Caller
    {
        public Caller(string label, Endpoint endpoint)
        {
            Label = label;
            Endpoint = endpoint;
        }

        public string Label { get; }
        public Endpoint Endpoint { get; }

        public static Caller User(int uid, Endpoint endpoint) => new Caller(UserPrefix + uid.ToString(), endpoint);

        public const string UserPrefix = "~";

        // An owner that is a user (not a component), whose entries only it may see.
        public static bool IsUserOwner(string owner) => owner.StartsWith(UserPrefix);

        // Whether this caller may see an entry of `owner`'s.
        public bool MaySee(string owner) => !IsUserOwner(owner) || owner == Label;
    }
}
