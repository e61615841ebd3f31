using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Drivers.Block.Ata
{
    // The data register (0x1f0) moved a sector at a time: 128 double-word
    // accesses (ATA PIO allows 32-bit access to the data register; QEMU and
    // Bochs implement it) sent to the kernel as two VDevIo vectors of 64,
    // instead of 256 word-sized DevIo calls. One kernel call per 16-bit word
    // made a sector cost about 260 traps; this makes it two.
    internal static unsafe class AtaDataPort
    {
        public const ushort Port = 0x1F0;
        private const int Dwords = AtaChannel.SectorSize / 4;
        private const int PerCall = VDevIoMessage.MaxRequests;

        // Port, width and direction never change, and the kernel writes back
        // only the values: the vectors are filled once. Static arrays stay
        // where they are (the heap never moves objects).
        private static readonly DevIoRequest[] s_in = Vector(DevIoMessage.In);
        private static readonly DevIoRequest[] s_out = Vector(DevIoMessage.Out);

        // Reads one sector from the data register into `destination`.
        public static int ReadSector(byte* destination)
        {
            uint* words = (uint*)destination;
            fixed (DevIoRequest* requests = s_in)
            {
                for (int done = 0; done < Dwords; done += PerCall)
                {
                    int status = Perform(requests);
                    if (status != Status.Ok)
                        return status;
                    for (int i = 0; i < PerCall; i++)
                        words[done + i] = requests[i].Value;
                }
            }
            return Status.Ok;
        }

        // Writes one sector from `source` to the data register.
        public static int WriteSector(byte* source)
        {
            uint* words = (uint*)source;
            fixed (DevIoRequest* requests = s_out)
            {
                for (int done = 0; done < Dwords; done += PerCall)
                {
                    for (int i = 0; i < PerCall; i++)
                        requests[i].Value = words[done + i];
                    int status = Perform(requests);
                    if (status != Status.Ok)
                        return status;
                }
            }
            return Status.Ok;
        }

        private static DevIoRequest[] Vector(byte direction)
        {
            var requests = new DevIoRequest[PerCall];
            for (int i = 0; i < PerCall; i++)
                requests[i] = new DevIoRequest { Port = Port, Width = 4, Direction = direction };
            return requests;
        }

        private static int Perform(DevIoRequest* requests)
        {
            Message message = default;
            message.Word0 = (long)requests;
            message.Word1 = PerCall;
            return Ipc.KernelCall(KernelCall.VDevIo, &message);
        }
    }
}
