using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // The reincarnation server's protocol (RS, src/Servers/Rs), what the
    // `service` command sends. Every request is a SendRec to "rs"; the
    // reply's Type is the status. The payload is RsRequestMessage: a
    // component's label (ASCII, LabelLength bytes) and what the request
    // adds.
    //   Status   Index (0, 1, ...): one supervised component per reply:
    //            label as above, Endpoint, State packed (bits 0..7
    //            RsState), last reason (8..15), restarts in the window
    //            (16..31); Type NotFound past the last.
    //   Restart  label: RS ends the component and starts it again (the
    //            restart counts against its policy like a failure).
    //   Down     label: RS ends it and stops supervising it.
    //   Up       label: RS starts a stopped component again from the image.
    //   Inject   label, Fault (RsFault): RS tells the component's library to
    //            fail that way (fault injection, the paper's experiments).
    //   Update   label, ImageGrant: read grant of the new program image,
    //            ImageLength (0: the boot image's program again). Answered when the
    //            update is over: Ok (the new version runs), RolledBack (it
    //            failed to start; the old one runs again) or NotReady (the
    //            component did not prepare; nothing changed).
    //   Refresh  label: end the running component and start it afresh
    //            (not counted as a failure).
    //   Complain label, Code of the complainer's choosing: "this
    //            component breaks protocol". RS ends it and recovers it
    //            with the reason "complaint". Only image components
    //            (servers and drivers) may complain; user programs may not.
    //   Up       label: start a stopped component, or a component of the
    //            boot image that is not running. Options (RsUpOptions):
    //            Options: heartbeat period and restart policy, Script:
    //            the recovery script (a read grant of its text, or none).
    //   Instance RsInstanceRequest: supervise another instance of a boot
    //            image program under a label of its own (stopped until an
    //            Up names that label), with the program's table relabelled.
    public static class RsRequest
    {
        public const int Status = 0xF801;
        public const int Restart = 0xF802;
        public const int Down = 0xF803;
        public const int Up = 0xF804;
        public const int Inject = 0xF805;
        public const int Update = 0xF806;
        public const int Refresh = 0xF807;
        public const int Complain = 0xF808;
        public const int Instance = 0xF809;
        // PciPolicyQuery -> PciPolicyReply (PciMessages.cs): the `pci`
        // lines of a live component's table, for the PCI server. Needs no
        // verb: a policy's device list is no secret.
        public const int PciDevices = 0xF80A;
        // RsMutateRequest: binary fault injection (swifi). RS swaps bytes
        // in the running instance of a supervised, non-critical component
        // (its code, usually) through the kernel's Mutate; the reply holds
        // the bytes that were there and the instance's endpoint. A restart
        // of any kind starts the pristine program again. Needs the `fi` verb.
        public const int Mutate = 0xF80B;

        // What RS sends a supervised component to inject a fault
        // (RsFaultNotice); the driver library obeys it only from its manager.
        public const int FaultNotice = 0xF8F0;

        // RS to a component about to be replaced by a live update: save
        // what the successor needs (to DS), then answer UpdateReady (a
        // Send to RS). RS then ends it and starts the new version; a
        // component that does not answer within RsLimits.PrepareMs is left
        // running and the update is refused.
        public const int UpdateNotice = 0xF8F1;
        public const int UpdateReady = 0xF8F2;

        // The RsVerbs bit a request needs (PrivilegeFormat.cs); 0 for one
        // that needs none (Status; Complain has its own rule).
        public static uint Verb(int request) => request switch
        {
            Up or Instance => RsVerbs.Up,
            Down => RsVerbs.Down,
            Restart => RsVerbs.Restart,
            Refresh => RsVerbs.Refresh,
            Update => RsVerbs.Update,
            Inject or Mutate => RsVerbs.Inject,
            _ => 0,
        };
    }

    public static class RsLimits
    {
        public const int PrepareMs = 2000;          // UpdateNotice to UpdateReady
        public const int StartMs = 2000;            // a new version must answer a ping within this
        public const int MaxImage = 8 * 1024 * 1024;
    }

    // Up's options. Options: bits 0..31 heartbeat period in ms (0: keep),
    // bits 32..47 restart limit + 1 (0: keep), bits 48..63 restart window
    // in seconds (0: keep). Script: 0 keep the script; NoScript: recover by
    // the declarative policy; else bits 0..31 the script's length and
    // bits 32..63 the read grant of its text.
    public static class RsUpOptions
    {
        public const long NoScript = -1;
        public const int MaxScript = 4096;

        public static long Pack(uint periodMs, int limit, uint windowSeconds) =>
            (long)periodMs | ((long)(limit < 0 ? 0 : (limit + 1) & 0xFFFF) << 32) | ((long)(windowSeconds & 0xFFFF) << 48);

        public static uint PeriodMs(long options) => (uint)options;
        public static int Limit(long options) => (int)((options >> 32) & 0xFFFF) - 1;       // -1: keep
        public static uint WindowSeconds(long options) => (uint)((options >> 48) & 0xFFFF);

        public static long Script(GrantId grant, int length) => ((long)grant.Value << 32) | (uint)length;
        public static int ScriptLength(long script) => (int)(uint)script;
        public static GrantId ScriptGrant(long script) => new GrantId((int)(script >> 32));
    }

    public static class RsFault
    {
        public const int Crash = 1;     // a panic
        public const int Hang = 2;      // an endless loop (heartbeats find it)
        public const int BadMemory = 3; // a read of unmapped memory (a CPU exception)
        public const int BadReply = 4;  // the next transfer reply claims more bytes than asked (a protocol breach)
        public const int CrashOnRequest = 5; // a panic when the next request arrives (it is lost with the driver)
        public const int EveryStart = 6;     // RS's own: a panic now and in every new instance until `service up` (a driver that cannot start)
        public const int WildDma = 7;        // the driver points its device's receives at memory it was not given (the IOMMU's fault; see FaultInjection)
        public const int LoseReply = 8;      // the driver serves its next request and never answers it, while it still answers pings (its client's deadline finds it)
    }

    // Status with Index = RsDmaStatus.Index: not a component but whether
    // devices' DMA is confined, as the IOMMU manager published it in DS
    // ("iommu.confined"), in the reply's State, for `service status`.
    public static class RsDmaStatus
    {
        // Far past any component's index (a negative one is refused as malformed).
        public const long Index = 0x444D_4100;     // "DMA"
        public const string Key = "iommu.confined";
        public const long Confined = 1, Unconfined = 0, NoManager = -1;
    }

    // Status with Index = RsRootStatus.Index: where the root file system
    // is, as FS published it in DS ("fs.root"), in the reply's State, for
    // `service status`: on a disk, or live (the loader's rootfs module in
    // RAM: changes last until power-off).
    public static class RsRootStatus
    {
        public const long Index = 0x524F_4F54;     // "ROOT"
        public const string Name = "root";
        public const string Key = "fs.root";
        public const long Disk = 1, Live = 2, NotMounted = -1;
    }

    // Complain codes RS gives a meaning of their own. DmaFault: the
    // component's device reached memory outside its IOMMU domain (restart
    // reason 9, "dma"); RS believes it only from the IOMMU manager, the
    // one component that reads the hardware's fault records (from anyone
    // else it is an ordinary complaint).
    public static class RsComplaint
    {
        public const long DmaFault = 0x444D_4146;    // "DMAF"
        public const string DmaFaultReporter = "iommu";
    }

    // RS's entries in DS (Number kind), which clients of a component follow
    // by subscribing to them (Lib/Sys RestartNotices):
    //   ep.<label>    the component's endpoint, published after every
    //                 restart: its clients reconnect and repeat what was in
    //                 flight (the process table says where; the key says
    //                 "look again").
    //   down.<label>  present while RS keeps the component stopped: past
    //                 its restart limit, taken down (`service down`),
    //                 exited with status 0, or not startable. Its value is
    //                 the reason of its last failure (0: none), for logs;
    //                 clients go by presence alone. Deleted when RS starts
    //                 it again (`service up`). A component that is being
    //                 restarted (backoff, recovery script) is not down:
    //                 its clients wait for the successor, bounded.
    // A client decides "down" only when no instance runs: a running
    // instance found by label wins over the key.
    public static class RsKeys
    {
        public const string EndpointPrefix = "ep.";
        public const string DownPrefix = "down.";
    }

    public static class RsState
    {
        public const int Running = 1;
        public const int Restarting = 2;   // waiting for its backoff
        public const int Stopped = 3;      // past its restart limit, or down
        public const int Recovering = 4;   // down; its recovery script decides (service restart)
        public const int Updating = 5;     // a live update is under way
    }

    public static class RsStatus
    {
        public const int NotFound = -80;       // no supervised component of that label / no more entries
        public const int BadLabel = -81;       // the label is empty, too long or not ASCII
        public const int UnknownRequest = -82;
        public const int AlreadyRunning = -83; // Up of a running component
        public const int NotRunning = -84;     // Restart/Inject of a stopped one
        public const int RolledBack = -85;     // Update: the new version failed to start; the old one runs
        public const int NotReady = -86;       // Update: the component did not prepare in time; nothing changed
        public const int Busy = -87;           // Update: another update of it is under way
        public const int NotAllowed = -88;     // Complain from a user program; ending a critical component
        public const int BadImage = -89;       // Update: the image could not be copied or is not a program
        public const int LabelTaken = -90;     // Instance: the label is a boot module's or another instance's
        public const int PermissionDenied = -91; // neither root nor granted the verb by its policy (EPERM)
    }

    // RsRequest.Instance's payload: two NUL-padded ASCII names of at most
    // MaxName bytes (MINIX's RS limits labels to 16). Label is the new
    // instance's, Program the boot module whose program and table it runs.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct RsInstanceRequest
    {
        public const int MaxName = 27;

        [FieldOffset(0)] public fixed byte Label[MaxName + 1];
        [FieldOffset(28)] public fixed byte Program[MaxName + 1];

        public static RsInstanceRequest* Of(Message* message) => (RsInstanceRequest*)message->Payload;

        // False when a name is empty, too long or not printable ASCII.
        public static bool Fill(Message* message, string program, string label)
        {
            *message = default;
            message->Type = RsRequest.Instance;
            RsInstanceRequest* request = Of(message);
            return Put(request->Program, program) && Put(request->Label, label);
        }

        public string? LabelText() { fixed (byte* b = Label) return Text(b); }
        public string? ProgramText() { fixed (byte* b = Program) return Text(b); }

        internal static bool Put(byte* field, string name, int maxName = MaxName)
        {
            if (name.Length == 0 || name.Length > maxName)
                return false;
            for (int i = 0; i < name.Length; i++)
            {
                if (name[i] < 0x21 || name[i] > 0x7E)
                    return false;
                field[i] = (byte)name[i];
            }
            return true;
        }

        // Null for an empty, unterminated or non-ASCII name.
        internal static string? Text(byte* field, int maxName = MaxName)
        {
            int length = 0;
            while (length <= maxName && field[length] != 0)
            {
                if (field[length] < 0x21 || field[length] > 0x7E)
                    return null;
                length++;
            }
            if (length == 0 || length > maxName)
                return null;
            var chars = new char[length];
            for (int i = 0; i < length; i++)
                chars[i] = (char)field[i];
            return new string(chars);
        }
    }

    // Every request to RS but Instance, and Status's reply. The layout is
    // the one RS and `service` have always used (label in the first 32
    // bytes, its length in the fifth word, then two request words).
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct RsRequestMessage
    {
        [FieldOffset(0)] public fixed byte Label[RsMessage.MaxLabel];
        [FieldOffset(32)] public long LabelLength;
        [FieldOffset(40)] public long Index;       // Status request
        [FieldOffset(40)] public long Endpoint;    // Status reply
        [FieldOffset(40)] public long Fault;       // Inject: RsFault
        [FieldOffset(40)] public long ImageGrant;  // Update
        [FieldOffset(40)] public long Code;        // Complain
        [FieldOffset(40)] public long Options;     // Up: RsUpOptions.Pack
        [FieldOffset(48)] public long State;       // Status reply, packed
        [FieldOffset(48)] public long ImageLength; // Update
        [FieldOffset(48)] public long Script;      // Up: RsUpOptions.Script

        public static RsRequestMessage* Of(Message* message) => (RsRequestMessage*)message->Payload;
    }

    // RsRequest.Mutate's payload. Label: NUL-padded ASCII (at most
    // MaxLabel bytes). Address, Length (1..MutateMessage.MaxBytes), Bytes:
    // what to write; the reply's Bytes hold what was there, Endpoint the
    // instance that was changed (a later restart shows as a new one).
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct RsMutateRequest
    {
        public const int MaxLabel = 23;

        [FieldOffset(0)] public fixed byte Label[MaxLabel + 1];
        [FieldOffset(24)] public long Address;
        [FieldOffset(32)] public int Length;
        [FieldOffset(36)] public int Endpoint;
        [FieldOffset(40)] public fixed byte Bytes[MutateMessage.MaxBytes];

        public static RsMutateRequest* Of(Message* message) => (RsMutateRequest*)message->Payload;

        // False when the label is not a label or there are no bytes, or too many.
        public static bool Fill(Message* message, string label, long address, System.ReadOnlySpan<byte> bytes)
        {
            *message = default;
            message->Type = RsRequest.Mutate;
            RsMutateRequest* request = Of(message);
            if (bytes.Length == 0 || bytes.Length > MutateMessage.MaxBytes || !RsInstanceRequest.Put(request->Label, label, MaxLabel))
                return false;
            request->Address = address;
            request->Length = bytes.Length;
            for (int i = 0; i < bytes.Length; i++)
                request->Bytes[i] = bytes[i];
            return true;
        }

        public string? LabelText() { fixed (byte* b = Label) return RsInstanceRequest.Text(b, MaxLabel); }
    }

    // RsRequest.FaultNotice, RS to the component: fail this way.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct RsFaultNotice
    {
        [FieldOffset(0)] public long Fault; // RsFault

        public static RsFaultNotice* Of(Message* message) => (RsFaultNotice*)message->Payload;
    }

    public static unsafe class RsMessage
    {
        public const int MaxLabel = 32;

        public static bool SetLabel(Message* message, string label)
        {
            if (label.Length == 0 || label.Length > MaxLabel)
                return false;
            RsRequestMessage* request = RsRequestMessage.Of(message);
            for (int i = 0; i < label.Length; i++)
            {
                if (label[i] < 0x21 || label[i] > 0x7E)
                    return false;
                request->Label[i] = (byte)label[i];
            }
            request->LabelLength = label.Length;
            return true;
        }

        // Null when the length is out of range.
        public static string? Label(Message* message)
        {
            RsRequestMessage* request = RsRequestMessage.Of(message);
            long length = request->LabelLength;
            if (length <= 0 || length > MaxLabel)
                return null;
            var chars = new char[length];
            for (int i = 0; i < length; i++)
                chars[i] = (char)request->Label[i];
            return new string(chars);
        }
    }
}
