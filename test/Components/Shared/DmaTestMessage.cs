using System.Runtime.InteropServices;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Tests.Components
{
    // dmahostile to dmavictim (issue 17's DMA containment tests), each
    // answered with the same type:
    //   Where     -> Address: the user address of the victim's 4 KiB page
    //                of pattern (page aligned), where dmahostile aims the NIC
    //   Checksum  -> Checksum: FNV-1a of that page, Changed: how many of its
    //                bytes differ from the pattern (the victim logs both)
    //   Finish    -> as Checksum; then the victim exits with 0, which ends
    //                the test's run (exit_when=dmavictim)
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct DmaTestMessage
    {
        public const int Where = 0x7D01, Checksum = 0x7D02, Finish = 0x7D03;
        public const int PageBytes = 4096;

        [FieldOffset(0)] public ulong Address;
        [FieldOffset(8)] public ulong Checksum64;
        [FieldOffset(16)] public int Changed;

        public static DmaTestMessage* Of(Message* message) => (DmaTestMessage*)message->Payload;

        // The victim's pattern: byte i of its page.
        public static byte VictimByte(int i) => (byte)(i * 13 + 0xA5);

        public static ulong Fnv1a(byte* bytes, int length)
        {
            ulong hash = 0xCBF29CE484222325;
            for (int i = 0; i < length; i++)
                hash = (hash ^ bytes[i]) * 0x100000001B3;
            return hash;
        }
    }
}
