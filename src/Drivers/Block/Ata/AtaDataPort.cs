using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Drivers.Block.Ata
{
    // The data register (0x1f0) moved a sector at a time: 128 double-word
    // accesses (ATA PIO allows 32-bit access to the data register; QEMU and
    // Bochs implement it) in one VDevIo call of the string form, which the
    // kernel checks once and performs straight into or out of the sector
    // buffer. One kernel call per 16-bit word made a sector cost about 260
    // traps; a vector of requests, two and ~140 instructions per access;
    // this, one and a few.
    internal static unsafe class AtaDataPort
    {
        public const ushort Port = 0x1F0;
        private const int Width = 4;
        private const int Dwords = AtaChannel.SectorSize / Width;

        // Reads one sector from the data register into `destination`.
        public static int ReadSector(byte* destination) => Transfer(destination, DevIoMessage.In);

        // Writes one sector from `source` to the data register.
        public static int WriteSector(byte* source) => Transfer(source, DevIoMessage.Out);

        private static int Transfer(byte* sector, int direction)
        {
            Message message = default;
            VDevIoMessage* request = VDevIoMessage.Of(&message);
            request->Buffer = (long)sector;
            request->Count = Dwords;
            request->Mode = VDevIoMessage.String;
            request->Port = Port;
            request->Width = Width;
            request->Direction = direction;
            return Ipc.KernelCall(KernelCall.VDevIo, &message);
        }
    }
}
