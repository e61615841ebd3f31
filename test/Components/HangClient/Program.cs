using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.HangClient
{
    // The client that is using the hang driver when it hangs (test/Boot
    // HeartbeatTests): reads it, has RS make it spin (`fi hang`), and sends
    // its next read at once. The driver runs at priority 3 and this client
    // at the lowest, 15: the read goes out only because the scheduler
    // lowers a process that keeps using whole quanta, and it then waits at
    // the spinning driver until RS's heartbeat ends it: the read fails
    // with DeadEndpoint after a wait (a read sent to a driver already gone
    // fails at once). The client finds the successor by label, repeats the
    // read and reads on; every byte must be the driver's pattern. One
    // check line each.
    public static unsafe class Program
    {
        private const int Chunk = 4096;
        private const ushort GrantSequence = 1;
        private const int WaitMs = 5000, PollMs = 10;
        // Far more than a send to a dead endpoint takes (it fails at once),
        // far less than the driver spins (RS needs a period at least).
        private const long InFlightMs = 100;

        private static readonly GrantEntry[] s_grants = new GrantEntry[1];
        private static readonly byte[] s_buffer = new byte[Chunk];

        public static int Main()
        {
            Checks.Component = "hangclient";
            fixed (GrantEntry* table = s_grants)
                Grants.Publish(table, s_grants.Length);
            Endpoint hang = Successor(Endpoint.None);
            if (!Checks.That("found", !hang.IsNone, "no hang driver answered"))
                return 1;
            for (int i = 0; i < 4; i++)
                CheckRead("read-before-" + i.ToString(), hang, i * Chunk);

            Checks.Status("inject-hang", InjectHang(), Status.Ok);
            long sent = NowMs();
            long inFlight = Read(hang, 4 * Chunk);
            long waited = NowMs() - sent;
            Diagnostics.Print(string.Concat("hangclient: the read waited ", waited.ToString(), " ms at the spinning driver"));
            Checks.That("read-in-flight-ends-with-the-driver", inFlight == Status.DeadEndpoint && waited >= InFlightMs,
                string.Concat("the read sent to the spinning driver returned ", inFlight.ToString(), " after ", waited.ToString(), " ms"));

            Endpoint successor = Successor(hang);
            if (!Checks.That("successor", !successor.IsNone, "no new hang driver answered"))
                return 1;
            Diagnostics.Print(string.Concat("hangclient: hang came back as endpoint ", successor.Value.ToString()));
            CheckRead("read-repeated", successor, 4 * Chunk);
            for (int i = 5; i < 9; i++)
                CheckRead("read-after-" + i.ToString(), successor, i * Chunk);
            Diagnostics.Print(string.Concat("hangclient: done, ", Checks.Failed.ToString(), " failed"));
            return Checks.Failed == 0 ? 0 : 1;
        }

        private static void CheckRead(string check, Endpoint hang, long position)
        {
            long got = Read(hang, position);
            int wrong = -1;
            for (int i = 0; got == Chunk && i < Chunk && wrong < 0; i++)
            {
                if (s_buffer[i] != HangPattern.At(position + i))
                    wrong = i;
            }
            Checks.That(check, got == Chunk && wrong < 0,
                got != Chunk ? string.Concat("read returned ", got.ToString()) : string.Concat("byte ", wrong.ToString(), " is wrong"));
        }

        private static long NowMs()
        {
            Message message = default;
            Ipc.KernelCall(KernelCall.Times, &message);
            TimesMessage* times = TimesMessage.Of(&message);
            return times->TicksPerSecond > 0 ? times->Ticks * 1000 / times->TicksPerSecond : 0;
        }

        // `service fi hang hang`, as the service command asks it.
        private static int InjectHang()
        {
            Endpoint rs = Endpoints.Lookup("rs");
            if (rs.IsNone)
                return Status.DeadEndpoint;
            Message message = default;
            message.Type = RsRequest.Inject;
            RsMessage.SetLabel(&message, "hang");
            RsRequestMessage.Of(&message)->Fault = RsFault.Hang;
            int status = Ipc.SendRec(rs, &message);
            return status != Status.Ok ? status : message.Type;
        }

        // The instance labelled hang that is not `old` and answers a ping;
        // None after WaitMs.
        private static Endpoint Successor(Endpoint old)
        {
            for (int waited = 0; waited < WaitMs; waited += PollMs)
            {
                Endpoint hang = Endpoints.Lookup("hang");
                if (!hang.IsNone && hang != old)
                {
                    Message message = default;
                    message.Type = DriverRequest.Ping;
                    if (Ipc.SendRec(hang, &message) == Status.Ok && message.Type == DriverRequest.Reply)
                        return hang;
                }
                Devices.Sleep(PollMs);
            }
            return Endpoint.None;
        }

        // Bytes read into s_buffer, or a status. The grant names this
        // instance of the driver (a successor has another endpoint).
        private static long Read(Endpoint hang, long position)
        {
            for (int i = 0; i < Chunk; i++)
                s_buffer[i] = 0;
            fixed (byte* buffer = s_buffer)
                s_grants[0] = new GrantEntry { Flags = GrantFlags.Valid | GrantFlags.Write, Sequence = GrantSequence, Grantee = hang.Value, Address = (ulong)buffer, Length = Chunk };
            Message message = default;
            message.Type = DriverRequest.Read;
            DriverRequestMessage* request = DriverRequestMessage.Of(&message);
            request->Minor = 0;
            request->Position = position;
            request->Grant = GrantId.From(0, GrantSequence).Value;
            request->Length = Chunk;
            int status = Ipc.SendRec(hang, &message);
            if (status != Status.Ok)
                return status;
            DriverReplyMessage* reply = DriverReplyMessage.Of(&message);
            return message.Type == DriverRequest.Reply && reply->Request == DriverRequest.Read ? reply->Result : DriverStatus.BadRequest;
        }
    }
}
