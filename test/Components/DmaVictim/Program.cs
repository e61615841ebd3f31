using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.DmaVictim
{
    // The other component's memory in issue 17's DMA containment tests:
    // fills a page of its data with a known pattern and, asked by
    // dmahostile (DmaTestMessage), says where the page is and checksums
    // it. Nothing in this component writes the page after the fill: a
    // changed byte was written by a device.
    //
    // Log lines:
    //   dmavictim: page at 0x<va>, checksum 0x<fnv>        at start
    //   dmavictim: checksum 0x<fnv>, intact                 asked, no byte differs
    //   dmavictim: checksum 0x<fnv>, CHANGED: <n> bytes differ, the first at <offset>
    //   dmavictim: done                                     before it exits (Finish)
    public static unsafe class Program
    {
        private struct Bytes
        {
            public fixed byte Data[2 * DmaTestMessage.PageBytes];
        }

        // Only its address is taken (fixed), which the compiler does not count as a use.
#pragma warning disable CS0169
        private static Bytes s_bytes;
#pragma warning restore CS0169

        public static int Main()
        {
            byte* page;
            fixed (byte* data = s_bytes.Data)
                page = (byte*)(((ulong)data + DmaTestMessage.PageBytes - 1) & ~(ulong)(DmaTestMessage.PageBytes - 1));
            for (int i = 0; i < DmaTestMessage.PageBytes; i++)
                page[i] = DmaTestMessage.VictimByte(i);
            Diagnostics.Print(string.Concat("dmavictim: page at 0x", ((ulong)page).ToString("x"), ", checksum 0x",
                DmaTestMessage.Fnv1a(page, DmaTestMessage.PageBytes).ToString("x16")));
            Message message;
            while (true)
            {
                if (Ipc.Receive(Endpoint.Any, &message) != Status.Ok || message.Type == KernelMessageType.Notification)
                    continue;
                var client = new Endpoint(message.Source);
                int type = message.Type;
                DmaTestMessage* reply = DmaTestMessage.Of(&message);
                if (type == DmaTestMessage.Where)
                    reply->Address = (ulong)page;
                else if (type == DmaTestMessage.Checksum || type == DmaTestMessage.Finish)
                    Check(page, reply);
                else
                    continue;
                Ipc.SendAsync(client, &message);
                if (type == DmaTestMessage.Finish)
                {
                    Diagnostics.Print("dmavictim: done");
                    return 0;
                }
            }
        }

        private static void Check(byte* page, DmaTestMessage* reply)
        {
            int changed = 0, first = -1;
            for (int i = 0; i < DmaTestMessage.PageBytes; i++)
            {
                if (page[i] == DmaTestMessage.VictimByte(i))
                    continue;
                if (first < 0)
                    first = i;
                changed++;
            }
            reply->Checksum64 = DmaTestMessage.Fnv1a(page, DmaTestMessage.PageBytes);
            reply->Changed = changed;
            Diagnostics.Print(string.Concat("dmavictim: checksum 0x", reply->Checksum64.ToString("x16"), changed == 0 ? ", intact"
                : string.Concat(", CHANGED: ", changed.ToString(), " bytes differ, the first at ", first.ToString())));
        }
    }
}
