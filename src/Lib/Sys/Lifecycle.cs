using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Sys
{
    // Why this instance of a component is running: the first start since
    // boot, a restart after its predecessor failed (it may take state back
    // from DS), or a live update (the predecessor handed over on purpose;
    // it should take back everything it published for its successor).
    public enum StartKind
    {
        Fresh = 0,
        Restart = 1,
        LiveUpdate = 2,
    }

    // The start-up half of the driver and server libraries (MINIX's SEF):
    // learns the StartKind from the data store, which outlives the
    // component. Each instance publishes "gen.<label>", its instance number;
    // finding one already there means a predecessor ran, so this is a
    // restart. Whoever replaces a component on purpose (the reincarnation
    // server, for an update request) first publishes "update.<label>"; that
    // makes the start a live update, and the new instance deletes nothing
    // (the updater removes its marker). Without DS (small images, DS itself)
    // every start is Fresh. DS entries belong to the label, not the
    // endpoint, so a restarted instance may overwrite its predecessor's.
    public static unsafe class Lifecycle
    {
        private const string GenerationPrefix = "gen.";
        private const string UpdatePrefix = "update.";

        private static bool s_known;
        private static StartKind s_kind;
        private static uint s_instance;

        // The kind of this start, asked of DS once; label is the component's own.
        public static StartKind Start(string label)
        {
            if (s_known)
                return s_kind;
            s_known = true;
            Endpoint ds = label == "ds" ? Endpoint.None : Endpoints.Lookup("ds");
            if (ds.IsNone || GenerationPrefix.Length + label.Length > DataStoreLimits.MaxKeyLength
                || UpdatePrefix.Length + label.Length > DataStoreLimits.MaxKeyLength)
            {
                s_instance = 1;
                return s_kind = StartKind.Fresh;
            }
            bool update = TryRetrieveNumber(ds, UpdatePrefix + label, out _);
            bool ranBefore = TryRetrieveNumber(ds, GenerationPrefix + label, out uint previous);
            s_kind = Decide(update, ranBefore);
            s_instance = ranBefore ? previous + 1 : 1;
            Message message;
            if (DataStoreMessage.PublishNumber(&message, GenerationPrefix + label, s_instance, DataStoreFlags.Overwrite) == Status.Ok)
                Ipc.SendRec(ds, &message);
            return s_kind;
        }

        // 1 for the first instance since boot, then 2, 3, ... (0 before Start).
        public static uint Instance => s_instance;

        // The rule, apart from the messages.
        public static StartKind Decide(bool updateRequested, bool predecessorRan) =>
            updateRequested ? StartKind.LiveUpdate : predecessorRan ? StartKind.Restart : StartKind.Fresh;

        private static bool TryRetrieveNumber(Endpoint ds, string key, out uint value)
        {
            value = 0;
            Message message;
            if (DataStoreMessage.Retrieve(&message, key, DataStoreKind.Number) != Status.Ok)
                return false;
            if (Ipc.SendRec(ds, &message) != Status.Ok || message.Type != Status.Ok)
                return false;
            value = (uint)DataStoreMessage.Value(&message);
            return true;
        }
    }
}
