using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.InetProbe
{
    // Talks to inet as VFS would (test/Boot InetServerTests): driver
    // requests with grants of its own buffers, replies taken asynchronously
    // and matched by request type and minor. Over the loopback: a UDP
    // datagram to itself, a TCP listen/connect/accept and a stream both
    // ways. On the NIC (e1000 or rtl8139) with QEMU's user network: waits for the DHCP
    // lease (10.0.2.15), pings the gateway 10.0.2.2 through /dev/icmp's
    // socket, has RS crash the driver, and pings again once inet has
    // opened the successor. One check line each; "all checks passed".
    public static unsafe class Program
    {
        private const ushort GrantSequence = 1;
        private const int Grants = 4, BufferBytes = 2048;
        private const long Me = 1;   // the Client word: the owner inet records
        private const uint Loopback = 0x7F000001, Gateway = 0x0A000202, Leased = 0x0A00020F;
        private const long TimedOut = long.MinValue;

        private static readonly GrantEntry[] s_grants = new GrantEntry[Grants];
        private static readonly byte[][] s_buffers = { new byte[BufferBytes], new byte[BufferBytes], new byte[BufferBytes], new byte[BufferBytes] };
        private static Endpoint s_inet = Endpoint.None;

        // Replies that came while waiting for another: type, minor, result.
        private static readonly long[] s_early = new long[3 * 16];
        private static int s_earlyCount;

        public static int Main()
        {
            Checks.Component = "inetprobe";
            fixed (GrantEntry* table = s_grants)
                Lib.Sys.Grants.Publish(table, Grants);
            for (int waited = 0; waited < 10000 && s_inet.IsNone; waited += 50)
            {
                s_inet = Endpoints.Lookup("inet");
                if (s_inet.IsNone)
                    Devices.Sleep(50);
            }
            if (!Checks.That("found-inet", !s_inet.IsNone, "inet does not run"))
                return 1;

            Loopback_Interface();
            Udp();
            Tcp();
            Network();
            if (Checks.Failed == 0)
                Diagnostics.Print("inetprobe: all checks passed");
            return Checks.Failed == 0 ? 0 : 1;
        }

        private static void Loopback_Interface()
        {
            byte[] block = s_buffers[0];
            Clear(block, 96);
            long status = Call(0, DriverRequest.Ioctl, SocketDevice.ControlMinor, SocketIoctl.InterfaceAt, 96, 0);
            Checks.That("interface-lo", status == 0 && block[8] == (byte)'l' && block[9] == (byte)'o' && Get32(block, 32) == Loopback,
                string.Concat("status ", status.ToString(), ", address ", FormatIp(Get32(block, 32))));
            Put32(block, 0, 9);
            Checks.Status("interface-past-the-last", (int)Call(0, DriverRequest.Ioctl, SocketDevice.ControlMinor, SocketIoctl.InterfaceAt, 96, 0),
                DriverStatus.NoSuchDevice);
            Checks.Status("unknown-minor", (int)Call(0, DriverRequest.Read, 4000, 0, 16, 0), DriverStatus.NoSuchDevice);
        }

        // Two UDP sockets: one bound to 127.0.0.1:5000, the other sends it
        // a datagram (sendto), the first reads it with its source (recvfrom).
        private static void Udp()
        {
            long receiver = Open(SocketDevice.UdpMinor), sender = Open(SocketDevice.UdpMinor);
            Checks.That("udp-clone", receiver >= SocketDevice.FirstSocketMinor && sender > receiver,
                string.Concat(receiver.ToString(), ", ", sender.ToString()));
            Checks.Status("udp-bind", (int)Address(receiver, SocketIoctl.Bind, Loopback, 5000), Status.Ok);
            byte[] out0 = s_buffers[1];
            Put32(out0, 0, Loopback);
            out0[4] = 5000 & 0xFF;
            out0[5] = 5000 >> 8;
            out0[6] = out0[7] = 0;
            const string text = "a datagram to itself";
            for (int i = 0; i < text.Length; i++)
                out0[8 + i] = (byte)text[i];
            long sent = Call(1, DriverRequest.Write, sender, 0, 8 + text.Length, DriverRequest.Addressed);
            Checks.That("udp-sendto", sent == 8 + text.Length, sent.ToString());
            long got = Call(2, DriverRequest.Read, receiver, 0, 64, DriverRequest.Addressed | DriverRequest.ReadWait);
            byte[] in0 = s_buffers[2];
            bool same = got == 8 + text.Length;
            for (int i = 0; same && i < text.Length; i++)
                same = in0[8 + i] == (byte)text[i];
            Checks.That("udp-recvfrom", same && Get32(in0, 0) == Loopback && (in0[4] | in0[5] << 8) >= 49152,
                string.Concat("got ", got.ToString(), " from ", FormatIp(Get32(in0, 0))));
            Checks.Status("udp-close", (int)Call(0, DriverRequest.Close, receiver, 0, 0, 0), Status.Ok);
            Call(0, DriverRequest.Close, sender, 0, 0, 0);
        }

        // listen, connect and accept at once (the Accept and Connect are
        // held by inet until the handshake), then a stream each way.
        private static void Tcp()
        {
            long listener = Open(SocketDevice.TcpMinor), fresh = Open(SocketDevice.TcpMinor), client = Open(SocketDevice.TcpMinor);
            Checks.Status("tcp-bind", (int)Address(listener, SocketIoctl.Bind, Loopback, 8000), Status.Ok);
            Clear(s_buffers[0], 8);
            s_buffers[0][0] = 4;
            Checks.Status("tcp-listen", (int)Call(0, DriverRequest.Ioctl, listener, SocketIoctl.Listen, 8, 0), Status.Ok);
            byte[] accept = s_buffers[3];
            Clear(accept, 16);
            Put32(accept, 0, (uint)fresh);
            Post(3, DriverRequest.Ioctl, listener, SocketIoctl.Accept, 16, 0);
            byte[] connect = s_buffers[1];
            Clear(connect, 16);
            Put32(connect, 0, Loopback);
            Put32(connect, 4, 8000);
            Post(1, DriverRequest.Ioctl, client, SocketIoctl.Connect, 16, 0);
            long connected = Await(DriverRequest.Ioctl, client, 5000), accepted = Await(DriverRequest.Ioctl, listener, 5000);
            Checks.Status("tcp-connect", (int)connected, Status.Ok);
            Checks.That("tcp-accept", accepted == 0 && Get32(accept, 4) == Loopback && Get32(accept, 8) >= 49152,
                string.Concat("status ", accepted.ToString(), ", peer ", FormatIp(Get32(accept, 4)), ":", Get32(accept, 8).ToString()));

            const string request = "GET / HTTP/1.1";
            for (int i = 0; i < request.Length; i++)
                s_buffers[1][i] = (byte)request[i];
            long wrote = Call(1, DriverRequest.Write, client, 0, request.Length, 0);
            long read = Call(2, DriverRequest.Read, fresh, 0, 256, DriverRequest.ReadWait);
            bool same = wrote == request.Length && read == request.Length;
            for (int i = 0; same && i < request.Length; i++)
                same = s_buffers[2][i] == (byte)request[i];
            Checks.That("tcp-stream", same, string.Concat("wrote ", wrote.ToString(), ", read ", read.ToString()));

            // A waiting read answered by the other side's write, then end of file.
            Post(2, DriverRequest.Read, client, 0, 256, DriverRequest.ReadWait);
            s_buffers[1][0] = (byte)'o';
            s_buffers[1][1] = (byte)'k';
            Call(1, DriverRequest.Write, fresh, 0, 2, 0);
            long answer = Await(DriverRequest.Read, client, 5000);
            Checks.That("tcp-held-read", answer == 2 && s_buffers[2][0] == (byte)'o', answer.ToString());
            Call(0, DriverRequest.Close, fresh, 0, 0, 0);
            Checks.Status("tcp-end-of-file", (int)Call(2, DriverRequest.Read, client, 0, 256, DriverRequest.ReadWait), 0);
            Call(0, DriverRequest.Close, client, 0, 0, 0);
            Call(0, DriverRequest.Close, listener, 0, 0, 0);
        }

        // DHCP, a ping of the gateway, the driver's crash and a ping through its successor.
        private static void Network()
        {
            if (Endpoints.Lookup("e1000").IsNone && Endpoints.Lookup("rtl8139").IsNone)
            {
                // No Ethernet driver in this run: inet serves the loopback
                // alone and names no other interface.
                Checks.Status("no-ethernet-interface", (int)Interface(1, out _, out _), DriverStatus.NoSuchDevice);
                return;
            }
            uint address = 0;
            int driver = 0;
            for (int waited = 0; waited < 30000 && address != Leased; waited += 200)
            {
                if (Interface(1, out address, out driver) != 0 || address != Leased)
                    Devices.Sleep(200);
            }
            Checks.That("dhcp-lease", address == Leased, FormatIp(address));
            if (address != Leased)
                return;
            long icmp = Open(SocketDevice.IcmpMinor);
            Checks.That("echo-gateway", Ping(icmp, 1, 5), "no echo reply from 10.0.2.2");

            // The one Ethernet driver this run started (the test picks the NIC).
            string label = !Endpoints.Lookup("e1000").IsNone ? "e1000" : "rtl8139";
            Checks.Status("crash-driver", Crash(label), Status.Ok);
            // inet follows the successor (DS's "ep.e1000") and opens it; the
            // echo goes through once it has.
            Checks.That("echo-after-restart", Ping(icmp, 100, 15), "no echo reply from 10.0.2.2 after the driver's restart");
            int after = 0;
            Interface(1, out _, out after);
            Checks.That("new-driver", after != 0 && after != driver, string.Concat(driver.ToString(), " then ", after.ToString()));
            Call(0, DriverRequest.Close, icmp, 0, 0, 0);
        }

        // Echo requests (sequence numbers from `first`) until one is
        // answered, a second apart, at most `tries`.
        private static bool Ping(long icmp, int first, int tries)
        {
            for (int attempt = 0; attempt < tries; attempt++)
            {
                int sequence = first + attempt;
                byte[] echo = s_buffers[1];
                Put32(echo, 0, Gateway);
                echo[4] = (byte)sequence;
                echo[5] = (byte)(sequence >> 8);
                echo[6] = echo[7] = 0;
                for (int i = 0; i < 32; i++)
                    echo[8 + i] = (byte)(i + sequence);
                long sent = Call(1, DriverRequest.Write, icmp, 0, 8 + 32, DriverRequest.Addressed);
                long got = Call(2, DriverRequest.Read, icmp, 0, 256, DriverRequest.Addressed | DriverRequest.ReadWait, 1000);
                byte[] reply = s_buffers[2];
                if (got == 8 + 32 && Get32(reply, 0) == Gateway && reply[8] == (byte)(reply[4] | reply[5] << 8))
                {
                    Diagnostics.Print(string.Concat("inetprobe: echo reply from 10.0.2.2 seq ", (reply[4] | reply[5] << 8).ToString()));
                    return true;
                }
                Diagnostics.Print(string.Concat("inetprobe: echo ", sequence.ToString(), ": sent ", sent.ToString(), ", got ",
                    got == TimedOut ? "nothing" : got.ToString()));
            }
            return false;
        }

        private static long Interface(int index, out uint address, out int driver)
        {
            byte[] block = s_buffers[0];
            Clear(block, 96);
            Put32(block, 0, (uint)index);
            long status = Call(0, DriverRequest.Ioctl, SocketDevice.ControlMinor, SocketIoctl.InterfaceAt, 96, 0);
            address = status == 0 ? Get32(block, 32) : 0;
            driver = status == 0 ? (int)Get32(block, 92) : 0;
            return status;
        }

        private static int Crash(string label)
        {
            Endpoint rs = Endpoints.Lookup("rs");
            if (rs.IsNone)
                return Status.DeadEndpoint;
            Message message = default;
            message.Type = RsRequest.Inject;
            RsMessage.SetLabel(&message, label);
            RsRequestMessage.Of(&message)->Fault = RsFault.Crash;
            int status = Ipc.SendRec(rs, &message);
            return status != Status.Ok ? status : message.Type;
        }

        private static long Open(int minor) => Call(0, DriverRequest.Open, minor, 0, 0, 0);

        private static long Address(long minor, long ioctl, uint address, int port)
        {
            byte[] block = s_buffers[0];
            Clear(block, 16);
            Put32(block, 0, address);
            Put32(block, 4, (uint)port);
            return Call(0, DriverRequest.Ioctl, minor, ioctl, 16, 0);
        }

        private static long Call(int grant, int type, long minor, long argument, int length, long flags, int timeoutMs = 5000)
        {
            if (Post(grant, type, minor, argument, length, flags) != Status.Ok)
                return Status.DeadEndpoint;
            long result = Await(type, minor, timeoutMs);
            if (result != TimedOut)
                return result;
            // Cancel what inet still holds; its Interrupted answer and the
            // Cancel's own are taken here.
            Post(0, DriverRequest.Cancel, minor, 0, 0, type);
            Await(type, minor, 2000);
            Await(DriverRequest.Cancel, minor, 2000);
            return TimedOut;
        }

        // Sends one request naming buffer `grant` (granted to inet for it).
        private static int Post(int grant, int type, long minor, long argument, int length, long flags)
        {
            fixed (byte* buffer = s_buffers[grant])
            {
                s_grants[grant] = new GrantEntry
                {
                    Flags = GrantFlags.Valid | GrantFlags.Read | GrantFlags.Write, Sequence = GrantSequence, Grantee = s_inet.Value,
                    Address = (ulong)buffer, Length = BufferBytes,
                };
            }
            Message message = default;
            message.Type = type;
            DriverRequestMessage* request = DriverRequestMessage.Of(&message);
            request->Minor = minor;
            if (type == DriverRequest.Open)
                request->Access = DriverRequest.AccessRead | DriverRequest.AccessWrite;
            else if (type == DriverRequest.Ioctl)
                request->IoctlRequest = argument;
            request->Grant = GrantId.From(grant, GrantSequence).Value;
            request->Length = length;
            request->Flags = flags;
            request->Client = Me;
            return Ipc.Send(s_inet, &message);
        }

        // The reply to the request of this type on this minor, or TimedOut.
        private static long Await(int type, long minor, int timeoutMs)
        {
            for (int i = 0; i < s_earlyCount; i++)
            {
                if (s_early[3 * i] != type || s_early[3 * i + 1] != minor)
                    continue;
                long result = s_early[3 * i + 2];
                s_earlyCount--;
                for (int j = i; j < s_earlyCount; j++)
                {
                    s_early[3 * j] = s_early[3 * j + 3];
                    s_early[3 * j + 1] = s_early[3 * j + 4];
                    s_early[3 * j + 2] = s_early[3 * j + 5];
                }
                return result;
            }
            long deadline = Process.UptimeMs() + timeoutMs;
            while (true)
            {
                long left = deadline - Process.UptimeMs();
                if (left <= 0)
                    return TimedOut;
                Devices.SetAlarm(left);
                Message message;
                if (Ipc.Receive(Endpoint.Any, &message) != Status.Ok)
                    continue;
                if (message.Type != DriverRequest.Reply || message.Source != s_inet.Value)
                    continue;
                DriverReplyMessage* reply = DriverReplyMessage.Of(&message);
                if (reply->Request == type && reply->Minor == minor)
                    return reply->Result;
                if (s_earlyCount < 16)
                {
                    s_early[3 * s_earlyCount] = reply->Request;
                    s_early[3 * s_earlyCount + 1] = reply->Minor;
                    s_early[3 * s_earlyCount + 2] = reply->Result;
                    s_earlyCount++;
                }
            }
        }

        private static void Clear(byte[] b, int count)
        {
            for (int i = 0; i < count; i++)
                b[i] = 0;
        }

        // Little-endian, as inet's blocks (the structs of SocketMessages.cs) are laid out.
        private static uint Get32(byte[] b, int at) => (uint)(b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24);

        private static void Put32(byte[] b, int at, uint v)
        {
            b[at] = (byte)v;
            b[at + 1] = (byte)(v >> 8);
            b[at + 2] = (byte)(v >> 16);
            b[at + 3] = (byte)(v >> 24);
        }

        private static string FormatIp(uint ip) => string.Concat(string.Concat((ip >> 24).ToString(), ".", ((ip >> 16) & 255).ToString()),
            string.Concat(".", ((ip >> 8) & 255).ToString(), ".", (ip & 255).ToString()));
    }
}
