using System.Runtime.InteropServices;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Tests.Kernel
{
    // The test kernel's queries (test/Kernel/DiagCtl.cs), for the DMA
    // containment tests (issue 17, test/Components/DmaHostile): a DiagCtl
    // call whose Length is negative names a query instead of text to
    // print. The default kernel refuses a negative Length (BadArgument),
    // so a component can tell it has no test kernel. Linked as source into
    // the test kernel and into the components that ask.
    //
    //   Translate  Target (an endpoint, or Self), Address (a user virtual
    //              address) -> Result0 the physical address it maps to,
    //              Result1 the page's flags; BadAddress when unmapped,
    //              DeadEndpoint when Target is not alive.
    //   Where      Address = a Region -> Result0 its first physical
    //              address, Result1 its length (the kernel is identity
    //              mapped: physical = virtual).
    //   Checksum   Address, Size: FNV-1a (64 bit) of Size bytes of the
    //              kernel image at physical Address -> Result0;
    //              BadAddress when the range is not inside the image.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct KernelQueryMessage
    {
        public const long Translate = -1, Where = -2, Checksum = -3;
        public const int Self = -4;

        // Regions for Where.
        public const long KernelText = 0, KernelReadOnly = 1, KernelCanary = 2, KernelSacrifice = 3, RamEnd = 4;

        [FieldOffset(0)] public long Text;        // DiagCtlMessage.Text (unused by queries)
        [FieldOffset(8)] public long Query;       // DiagCtlMessage.Length: a negative query code
        [FieldOffset(16)] public long Target;
        [FieldOffset(24)] public long Address;
        [FieldOffset(32)] public long Size;
        [FieldOffset(40)] public long Result0;
        [FieldOffset(48)] public long Result1;

        public static KernelQueryMessage* Of(Message* message) => (KernelQueryMessage*)message->Payload;
    }
}
