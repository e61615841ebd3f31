using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Sys
{
    // The DS key a component's saved state lives under: "<label>.<name>".
    // The label comes first so every entry names its owner (DS lets only
    // the publishing label change an entry anyway), and a restarted or
    // updated instance, having the same label, finds its predecessor's
    // entries. The whole key must be a valid DS key (printable ASCII, no
    // spaces, no '*', at most DataStoreLimits.MaxKeyLength = 31), so label
    // and name share 30 characters. Hardware-free: unit-tested on the host.
    //
    // The start-up layer's keys ("gen.<label>", "update.<label>", see
    // Lifecycle) have a fixed first word; a component labelled "gen" or
    // "update" could therefore not save state under a name that is
    // another component's label. No component is labelled so.
    public static class StateKeys
    {
        // The longest name a label of this length leaves room for (0: none).
        public static int MaxNameLength(string label)
        {
            int room = DataStoreLimits.MaxKeyLength - label.Length - 1;
            return room > 0 ? room : 0;
        }

        // Status.Ok and the key, or DataStoreStatus.BadKey (and null) when
        // label or name is empty, has a character DS refuses, or the two do
        // not fit in one key.
        public static int Build(string label, string name, out string? key)
        {
            key = null;
            if (label.Length == 0 || name.Length == 0 || label.Length + 1 + name.Length > DataStoreLimits.MaxKeyLength)
                return DataStoreStatus.BadKey;
            string candidate = string.Concat(label, ".", name);
            if (!DataStoreKeys.IsValidKey(candidate))
                return DataStoreStatus.BadKey;
            key = candidate;
            return Status.Ok;
        }
    }
}
