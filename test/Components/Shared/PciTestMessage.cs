using System.Runtime.InteropServices;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Tests.Components
{
    // pciprobe to pcirogue and pcitwin: "I hold this device, whose bus
    // master ports start at Port; try it now". Their answer is an empty
    // message. dmauser to dmacycler: "I am up", Physical its DMA memory.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PciTestMessage
    {
        public const int Try = 0x7A01, Done = 0x7A02, Ready = 0x7A03;

        [FieldOffset(0)] public int Address;
        [FieldOffset(8)] public ulong Port;
        [FieldOffset(16)] public ulong Physical;

        public static PciTestMessage* Of(Message* message) => (PciTestMessage*)message->Payload;
    }
}
