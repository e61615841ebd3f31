using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.EthClient
{
    // ethclient as one of two guests on the host's frame relay (test/Boot
    // EthernetTests; Program picks this part by the address the relay's
    // guests get): with the driver open, every 100 ms it broadcasts a greeting
    // frame (EtherType 0x88b5, IEEE's local experimental type) carrying a
    // sequence number, until it has heard the other guest's greeting and
    // then greeted 10 more times (so the other hears it too, whoever
    // started first). It reports the other's address and how many greetings
    // it heard, in order and intact (the payload is a pattern of the
    // sequence number), and that no frame came back from itself.
    internal static unsafe class Peer
    {
        private const ushort GrantSequence = 1;
        private const int Receives = 4, BufferBytes = EthLimits.MaxFrame;
        private const int Greeting = 0x88B5, GreetingBytes = 14 + 4 + 100;

        // Program's table (one per process): 0 the frame to send, 1.. the receives.
        private static readonly GrantEntry[] s_grants = Program.GrantTable;
        private static readonly byte[] s_send = new byte[BufferBytes];
        private static readonly byte[] s_receive = new byte[Receives * BufferBytes];
        private static Endpoint s_nic = Endpoint.None;
        private static ulong s_mac, s_other;
        private static int s_heard, s_damaged, s_fromSelf, s_lastSequence = -1, s_outOfOrder;

        public static int Run(Endpoint nic, ulong mac)
        {
            s_nic = nic;
            s_mac = mac;
            for (int i = 0; i < Receives; i++)
                Post(i);

            int sequence = 0, afterHearing = 0;
            long end = Process.UptimeMs() + 40000;
            while (afterHearing < 10 && Process.UptimeMs() < end)
            {
                Greet(sequence++);
                if (s_heard > 0)
                    afterHearing++;
                long next = Process.UptimeMs() + 100;
                while (Process.UptimeMs() < next)
                    Pump(next);
            }
            // What is still on its way from the other.
            long drain = Process.UptimeMs() + 500;
            while (Process.UptimeMs() < drain)
                Pump(drain);
            Diagnostics.Print(string.Concat("ethclient: ", FormatMac(s_mac), " heard ", FormatMac(s_other), " greet ", s_heard.ToString(),
                " times after sending ", sequence.ToString()));
            Checks.That("heard-the-other", s_heard >= 5, s_heard.ToString());
            Checks.That("greetings-intact", s_damaged == 0, s_damaged.ToString());
            Checks.That("greetings-in-order", s_outOfOrder == 0, s_outOfOrder.ToString());
            Checks.That("nothing-from-itself", s_fromSelf == 0, s_fromSelf.ToString());
            if (Checks.Failed == 0)
                Diagnostics.Print("ethclient: all checks passed");
            return Checks.Failed == 0 ? 0 : 1;
        }

        private static void Greet(int sequence)
        {
            fixed (byte* frame = s_send)
            {
                for (int i = 0; i < 6; i++)
                    frame[i] = 0xFF;
                for (int i = 0; i < 6; i++)
                    frame[6 + i] = (byte)(s_mac >> (8 * i));
                frame[12] = Greeting >> 8;
                frame[13] = Greeting & 0xFF;
                for (int i = 0; i < 4; i++)
                    frame[14 + i] = (byte)(sequence >> (24 - 8 * i));
                for (int i = 0; i < 100; i++)
                    frame[18 + i] = (byte)(sequence * 31 + i);
                s_grants[0] = new GrantEntry
                {
                    Flags = GrantFlags.Valid | GrantFlags.Read, Sequence = GrantSequence, Grantee = s_nic.Value,
                    Address = (ulong)frame, Length = BufferBytes,
                };
            }
            Request(EthRequest.Send, sequence, 0, GreetingBytes);
        }

        private static void Post(int index)
        {
            fixed (byte* buffer = s_receive)
            {
                s_grants[1 + index] = new GrantEntry
                {
                    Flags = GrantFlags.Valid | GrantFlags.Write, Sequence = GrantSequence, Grantee = s_nic.Value,
                    Address = (ulong)(buffer + index * BufferBytes), Length = BufferBytes,
                };
            }
            Request(EthRequest.Receive, index, 1 + index, BufferBytes);
        }

        private static void Request(int type, long id, int grant, int length)
        {
            Message message = default;
            message.Type = type;
            EthTransferRequest* request = EthTransferRequest.Of(&message);
            request->Id = id;
            request->Grant = GrantId.From(grant, GrantSequence).Value;
            request->Length = length;
            Ipc.Send(s_nic, &message);
        }

        private static void Pump(long deadline)
        {
            long left = deadline - Process.UptimeMs();
            if (left <= 0)
                return;
            Devices.SetAlarm(left);
            Message message;
            if (Ipc.Receive(Endpoint.Any, &message) != Status.Ok || message.Type != EthRequest.Reply || message.Source != s_nic.Value)
                return;
            EthReply* reply = EthReply.Of(&message);
            if (reply->Request == EthRequest.Receive && reply->Id >= 0 && reply->Id < Receives)
            {
                if (reply->Result > 0)
                {
                    fixed (byte* buffer = s_receive)
                        Inspect(buffer + reply->Id * BufferBytes, (int)reply->Result);
                }
                Post((int)reply->Id);
            }
        }

        private static void Inspect(byte* frame, int length)
        {
            if (length < GreetingBytes || (frame[12] << 8 | frame[13]) != Greeting)
                return;
            ulong source = 0;
            for (int i = 0; i < 6; i++)
                source |= (ulong)frame[6 + i] << (8 * i);
            if (source == s_mac)
            {
                s_fromSelf++;
                return;
            }
            s_other = source;
            int sequence = frame[14] << 24 | frame[15] << 16 | frame[16] << 8 | frame[17];
            for (int i = 0; i < 100; i++)
            {
                if (frame[18 + i] != (byte)(sequence * 31 + i))
                {
                    s_damaged++;
                    return;
                }
            }
            if (sequence <= s_lastSequence)
                s_outOfOrder++;
            s_lastSequence = sequence;
            s_heard++;
        }

        private static string FormatMac(ulong mac)
        {
            const string digits = "0123456789abcdef";
            char[] text = new char[17];
            for (int i = 0; i < 6; i++)
            {
                int b = (int)(mac >> (8 * i)) & 0xFF;
                text[3 * i] = digits[b >> 4];
                text[3 * i + 1] = digits[b & 15];
                if (i < 5)
                    text[3 * i + 2] = ':';
            }
            return new string(text);
        }
    }
}
