using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.DsClient
{
    // The client side of the DS protocol for the checks: one SendRec per
    // request, the status folded into one number, three grants for blobs
    // (one ds may read, one it may write, one too short for any real blob),
    // and waiting for DS's notifications with an alarm as the timeout.
    internal static unsafe class Client
    {
        public const int OutGrantIndex = 0;
        public const int InGrantIndex = 1;
        public const int ShortGrantIndex = 2;
        public const int ShortGrantBytes = 8;
        private const ushort GrantSequence = 1;
        public const int BufferBytes = DataStoreLimits.MaxBlobLength;

        private static readonly GrantEntry[] s_grants = new GrantEntry[3];
        public static readonly byte[] Outgoing = new byte[BufferBytes];
        public static readonly byte[] Incoming = new byte[BufferBytes];

        public static Endpoint Ds { get; private set; }
        public static Endpoint Self { get; private set; }

        public static GrantId ReadGrant => GrantId.From(OutGrantIndex, GrantSequence);
        public static GrantId WriteGrant => GrantId.From(InGrantIndex, GrantSequence);
        public static GrantId ShortGrant => GrantId.From(ShortGrantIndex, GrantSequence);

        public static bool Start()
        {
            Ds = Endpoints.Lookup(DataStoreKeys.DataStoreLabel);
            Self = Endpoints.Lookup("dsclient");
            if (Ds.IsNone || Self.IsNone)
                return false;
            // The heap does not move objects, so the addresses stay valid for
            // as long as the (static) arrays live.
            fixed (byte* outgoing = Outgoing)
            fixed (byte* incoming = Incoming)
            {
                s_grants[OutGrantIndex] = new GrantEntry { Flags = GrantFlags.Valid | GrantFlags.Read, Sequence = GrantSequence, Grantee = Ds.Value, Address = (ulong)outgoing, Length = BufferBytes };
                s_grants[InGrantIndex] = new GrantEntry { Flags = GrantFlags.Valid | GrantFlags.Write, Sequence = GrantSequence, Grantee = Ds.Value, Address = (ulong)incoming, Length = BufferBytes };
                s_grants[ShortGrantIndex] = new GrantEntry { Flags = GrantFlags.Valid | GrantFlags.Read, Sequence = GrantSequence, Grantee = Ds.Value, Address = (ulong)outgoing, Length = ShortGrantBytes };
            }
            fixed (GrantEntry* table = s_grants)
                return Grants.Publish(table, s_grants.Length) == Status.Ok;
        }

        // The trap's status if the exchange failed, else DS's reply status.
        public static int Call(Message* message)
        {
            int status = Ipc.SendRec(Ds, message);
            return status != Status.Ok ? status : message->Type;
        }

        // Builds with a DataStoreMessage builder's result, then sends.
        public static int Call(Message* message, int built) => built != Status.Ok ? built : Call(message);

        public static int PublishNumber(string key, uint value, uint flags = 0)
        {
            Message message;
            return Call(&message, DataStoreMessage.PublishNumber(&message, key, value, flags));
        }

        public static int RetrieveNumber(string key, out long value)
        {
            Message message;
            int status = Call(&message, DataStoreMessage.Retrieve(&message, key, DataStoreKind.Number));
            value = DataStoreMessage.Value(&message);
            return status;
        }

        public static int Delete(string key)
        {
            Message message;
            return Call(&message, DataStoreMessage.Delete(&message, key));
        }

        public static int Subscribe(string pattern, uint flags = 0)
        {
            Message message;
            return Call(&message, DataStoreMessage.Subscribe(&message, pattern, flags));
        }

        // One pending change: Ok with key and change, or DS's status.
        public static int Check(out string key, out int change)
        {
            Message message;
            DataStoreMessage.Check(&message);
            int status = Call(&message);
            key = status == Status.Ok ? DataStoreMessage.Key(&message) ?? "" : "";
            change = status == Status.Ok ? DataStoreMessage.Change(&message) : 0;
            return status;
        }

        // True when DS notifies us within milliseconds; false when the alarm
        // comes first. Notifications coalesce, so one may stand for several
        // changes.
        public static bool AwaitNotification(long milliseconds)
        {
            Devices.SetAlarm(milliseconds);
            Message message;
            while (true)
            {
                if (Ipc.Receive(Endpoint.Any, &message) != Status.Ok)
                    return false;
                if (message.Type != KernelMessageType.Notification)
                    continue;
                if (message.Source == Ds.Value)
                {
                    Devices.SetAlarm(0);
                    return true;
                }
                if (message.Source == Endpoint.Kernel.Value)
                    return false;
            }
        }
    }
}
