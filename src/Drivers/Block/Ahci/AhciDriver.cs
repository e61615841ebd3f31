using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Drivers.Block.Ahci
{
    // The AHCI (SATA) disk driver: minor 0 is the first SATA disk on the
    // first AHCI controller its policy names (QEMU q35's ICH9 function,
    // VMware's and VirtualBox's), 512-byte sectors moved by READ/WRITE DMA
    // EXT through one command slot. It serves the block-driver protocol
    // (BlockDriver, src/Lib/Ipc/DriverProtocol.cs) exactly as ata does, so
    // the file server can use either. Its client is the file server (fs);
    // the test image adds its test client. It may touch the controller pci
    // hands it (ABAR, bus mastering) and the DMA memory iommu lends it.
    //
    // Stateless across restarts: a new instance claims the controller
    // again, stops the port's engine (a predecessor killed in the middle
    // of a command may have left it running on its command list) and sets
    // the port up from scratch; the client repeats what was in flight.
    // Each instance logs the guest time of its first request served, as
    // ata does (the bench's restart latency).
    public sealed unsafe class AhciDriver : BlockDriver
    {
        private readonly AhciPort _port;
        private bool _servedOne;

        private AhciDriver(AhciPort port) => _port = port;

        // Without a disk the driver says why and exits: status 0 when there
        // is nothing to drive (which RS does not restart), 1 when a
        // controller or disk is there but fails (a failure RS recovers from).
        public static int Main()
        {
            AhciPort? port = AhciController.Open(out string why, out bool absent);
            if (port == null)
            {
                Diagnostics.Print(string.Concat("ahci: no disk: ", why));
                return absent ? 0 : 1;
            }
            string? problem = port.Start();
            if (problem != null)
            {
                Diagnostics.Print(string.Concat("ahci: port ", port.Number.ToString(), ": ", problem, "; COMRESET"));
                problem = port.Reset();
            }
            problem ??= port.IdentifyDisk();
            if (problem != null)
            {
                Diagnostics.Print(string.Concat("ahci: no disk: port ", port.Number.ToString(), ": ", problem));
                return 1;
            }
            Diagnostics.Print(string.Concat("ahci: port ", port.Number.ToString(), " \"", port.Model, "\": ", port.Sectors.ToString(),
                " sectors, LBA48, DMA"));
            new AhciDriver(port).Run();
            return 0;
        }

        protected override bool Geometry(int minor, out long size, out int blockSize)
        {
            size = _port.Sectors * AhciPort.SectorSize;
            blockSize = AhciPort.SectorSize;
            return minor == 0;
        }

        protected override int Transfer(int minor, long position, GrantedBuffer buffer, bool write)
        {
            if (buffer.Length == 0)
                return Status.BadArgument;
            if (_servedOne)
                return Move(position, buffer, write);
            long taken = Process.TimeStampCounter();
            int result = Move(position, buffer, write);
            if (result > 0)
            {
                _servedOne = true;
                Diagnostics.Print(string.Concat("ahci: first request (", result.ToString(), " bytes) taken at ", taken.ToString(),
                    " tsc, served at ", Process.TimeStampCounter().ToString(), " tsc"));
            }
            return result;
        }

        // In chunks of one command each, through the port's DMA buffer: a
        // read fills it from the disk and then copies it to the client, a
        // write copies from the client first, so a failing grant copy never
        // falls in the middle of a command. A write checks first that the
        // grant covers the whole request, and is flushed before the reply.
        private int Move(long position, GrantedBuffer buffer, bool write)
        {
            const int chunkBytes = AhciPort.BufferBytes;
            long first = position / AhciPort.SectorSize;
            byte* chunk = _port.Buffer;
            if (write)
            {
                int probe = buffer.CopyFromClient(0, chunk, 1);
                if (probe >= 0)
                    probe = buffer.CopyFromClient(buffer.Length - 1, chunk, 1);
                if (probe < 0)
                    return probe;
            }
            for (int offset = 0; offset < buffer.Length; offset += chunkBytes)
            {
                int bytes = buffer.Length - offset < chunkBytes ? buffer.Length - offset : chunkBytes;
                long lba = first + offset / AhciPort.SectorSize;
                int status;
                if (write)
                {
                    status = buffer.CopyFromClient(offset, chunk, bytes);
                    if (status >= 0)
                        status = _port.Transfer(lba, bytes / AhciPort.SectorSize, true);
                }
                else
                {
                    status = _port.Transfer(lba, bytes / AhciPort.SectorSize, false);
                    if (status >= 0)
                        status = buffer.CopyToClient(offset, chunk, bytes);
                }
                if (status < 0)
                    return status;
            }
            if (write && _port.Flush() != Status.Ok)
                return DriverStatus.IoError;
            return buffer.Length;
        }
    }
}
