using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.DmaHostile
{
    // The network after the attacks, through its own buffers and the real
    // wire: an ARP request for QEMU's user-network gateway 10.0.2.2 from
    // 10.0.2.15 (slirp's guest address); slirp answers with its address
    // 52:55:0a:00:02:02. Frames that are not the answer are skipped.
    public static unsafe class Arp
    {
        private static readonly byte[] s_gateway = { 10, 0, 2, 2 }, s_self = { 10, 0, 2, 15 };

        public static bool Ask(Nic nic, byte* frame, ulong framePhysical, byte* into, ulong intoPhysical)
        {
            for (int i = 0; i < 60; i++)
                frame[i] = 0;
            for (int i = 0; i < 6; i++)
            {
                frame[i] = 0xFF;
                frame[6 + i] = frame[22 + i] = (byte)(nic.Mac >> (8 * i));
            }
            frame[12] = 0x08; frame[13] = 0x06;             // ARP
            frame[14] = 0; frame[15] = 1;                   // Ethernet
            frame[16] = 0x08; frame[17] = 0x00;             // IPv4
            frame[18] = 6; frame[19] = 4;
            frame[20] = 0; frame[21] = 1;                   // request
            for (int i = 0; i < 4; i++)
            {
                frame[28 + i] = s_self[i];
                frame[38 + i] = s_gateway[i];
            }
            nic.PostReceive(intoPhysical);
            bool sent = nic.Transmit(framePhysical, 60, 1000);
            for (int frames = 0; frames < 16; frames++)
            {
                int length = nic.WaitReceive(2000);
                if (length < 0)
                    break;
                if (length >= 42 && into[12] == 0x08 && into[13] == 0x06 && into[21] == 2
                    && into[28] == 10 && into[29] == 0 && into[30] == 2 && into[31] == 2)
                {
                    Diagnostics.Print(string.Concat("dmahostile: arp: 10.0.2.2 is at ", Mac(into + 22), ": ok"));
                    return true;
                }
                nic.PostReceive(intoPhysical);
            }
            Diagnostics.Print(string.Concat("dmahostile: arp: FAIL no answer (sent ", sent ? "yes" : "no", ")"));
            return false;
        }

        private static string Mac(byte* bytes)
        {
            string hex = Program.Hex(bytes, 6);
            return string.Concat(hex.Substring(0, 2), ":", hex.Substring(2, 2), ":", hex.Substring(4, 2), ":",
                hex.Substring(6, 2), ":", hex.Substring(8, 2), ":", hex.Substring(10, 2));
        }
    }
}
