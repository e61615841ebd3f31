using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.StateProbe
{
    // First the state API on its own (StoreChecks). Then hello's counter
    // (src/Drivers/Examples/Hello), state kept in DS, which must survive
    // every way RS replaces the driver: reads hello three times (1, 2, 3),
    // then has RS crash it (fault injection), complains about it, and has
    // RS update it live (the boot image's hello again), reading once after
    // each: 4, 5, 6. Each step is its own check line, so a step that fails
    // leaves the others readable.
    public static unsafe class Program
    {
        private const int BufferSize = 64;
        private const ushort GrantSequence = 1;
        private const int WaitMs = 5000, PollMs = 20;

        // Index 0: hello's read buffer; 1 and 2: StoreChecks' blobs.
        private static readonly GrantEntry[] s_grants = new GrantEntry[3];
        private static readonly byte[] s_buffer = new byte[BufferSize];

        public static int Main()
        {
            Checks.Component = "stateprobe";
            Endpoint hello = WaitForHello(Endpoint.None);
            if (!Checks.That("hello-found", !hello.IsNone, "no hello answered"))
                return 1;
            fixed (GrantEntry* table = s_grants)
                Grants.Publish(table, s_grants.Length);
            StoreChecks.Run(s_grants);

            for (uint n = 1; n <= 3; n++)
                ExpectCount("read-" + n.ToString(), hello, n);

            Checks.Status("inject-crash", Ask(RsRequest.Inject, RsFault.Crash), Status.Ok);
            hello = Replaced("crash", hello, 4);

            Checks.Status("complain", Reincarnation.Complain("hello", 7), Status.Ok);
            hello = Replaced("complaint", hello, 5);

            // Image 0: the boot image's hello again, a new instance of the
            // same program; what matters here is the handover.
            Checks.Status("update", Ask(RsRequest.Update, 0), Status.Ok);
            Replaced("update", hello, 6);

            Diagnostics.Print(string.Concat("stateprobe: done, ", Checks.Failed.ToString(), " failed"));
            return Checks.Failed == 0 ? 0 : 1;
        }

        // After RS replaced hello: a new endpoint, answering, whose first
        // read counts on from before.
        private static Endpoint Replaced(string how, Endpoint old, uint expected)
        {
            Endpoint hello = WaitForHello(old);
            if (!Checks.That(how + "-new-instance", !hello.IsNone, "hello did not come back"))
                return old;
            ExpectCount(how + "-count-continues", hello, expected);
            return hello;
        }

        // One `cat`: a read at 0 (counts), then one at the end (end of file).
        private static void ExpectCount(string check, Endpoint hello, uint expected)
        {
            string want = string.Concat("Hello, World! (", expected.ToString(), ")\n");
            long got = Read(hello, 0);
            string text = got > 0 ? Text((int)got) : "";
            bool ok = text == want && Read(hello, got) == 0;
            Checks.That(check, ok, string.Concat("read ", got.ToString(), " bytes: ", text.Length > 0 ? text.Substring(0, text.Length - 1) : "(none)"));
        }

        // A label-only RS request about hello: Inject with its fault, Update
        // with its image grant; RS's status.
        private static int Ask(int type, long argument)
        {
            Message message = default;
            message.Type = type;
            RsMessage.SetLabel(&message, "hello");
            if (type == RsRequest.Inject)
                RsRequestMessage.Of(&message)->Fault = argument;
            else
                RsRequestMessage.Of(&message)->ImageGrant = argument;
            Endpoint rs = Endpoints.Lookup("rs");
            if (rs.IsNone)
                return Status.DeadEndpoint;
            int status = Ipc.SendRec(rs, &message);
            return status != Status.Ok ? status : message.Type;
        }

        // The instance labelled hello that is not `old` and answers a ping;
        // None after WaitMs.
        private static Endpoint WaitForHello(Endpoint old)
        {
            for (int waited = 0; waited < WaitMs; waited += PollMs)
            {
                Endpoint hello = Endpoints.Lookup("hello");
                if (!hello.IsNone && hello != old)
                {
                    Message message = default;
                    message.Type = DriverRequest.Ping;
                    if (Ipc.SendRec(hello, &message) == Status.Ok && message.Type == DriverRequest.Reply)
                        return hello;
                }
                Devices.Sleep(PollMs);
            }
            return Endpoint.None;
        }

        // Bytes read into s_buffer, or a status. The grant names this
        // instance of hello (a restarted one has another endpoint).
        private static long Read(Endpoint hello, long position)
        {
            fixed (byte* buffer = s_buffer)
                s_grants[0] = new GrantEntry { Flags = GrantFlags.Valid | GrantFlags.Write, Sequence = GrantSequence, Grantee = hello.Value, Address = (ulong)buffer, Length = BufferSize };
            Message message = default;
            message.Type = DriverRequest.Read;
            DriverRequestMessage* request = DriverRequestMessage.Of(&message);
            request->Minor = 0;
            request->Position = position;
            request->Grant = GrantId.From(0, GrantSequence).Value;
            request->Length = BufferSize;
            int status = Ipc.SendRec(hello, &message);
            if (status != Status.Ok)
                return status;
            return message.Type == DriverRequest.Reply ? DriverReplyMessage.Of(&message)->Result : DriverStatus.BadRequest;
        }

        private static string Text(int length)
        {
            char* chars = stackalloc char[BufferSize];
            for (int i = 0; i < length && i < BufferSize; i++)
                chars[i] = (char)s_buffer[i];
            return new string(chars, 0, length < BufferSize ? length : BufferSize);
        }
    }
}
