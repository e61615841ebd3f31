using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Drivers.Block.Ata
{
    // The primary master ATA disk as block device minor 0, in 512-byte
    // sectors, PIO with polling (interrupts off; see AtaChannel). Stateless
    // like every block driver: each request goes to the disk, through one
    // sector buffer, to or from the client's grant. The library has already
    // checked position and length against the geometry; what is left here
    // is what the library lets through: a zero length, and grants that turn
    // out bad (checked before the disk is touched when writing).
    public sealed unsafe class AtaDriver : BlockDriver
    {
        private readonly AtaChannel _channel;
        private readonly byte[] _sector = new byte[AtaChannel.SectorSize];

        private AtaDriver(AtaChannel channel) => _channel = channel;

        // Without a disk the driver refuses to start (status 1) and says why.
        public static int Main()
        {
            var channel = new AtaChannel();
            string? problem = channel.Probe();
            if (problem != null)
            {
                Diagnostics.Print(string.Concat("ata: no disk: ", problem));
                return 1;
            }
            Diagnostics.Print(string.Concat("ata: primary master \"", channel.Model, "\": ", channel.Sectors.ToString(), " sectors, ",
                channel.UsesLba48 ? "LBA48" : "LBA28", ", polled PIO"));
            new AtaDriver(channel).Run();
            return 0;
        }

        protected override bool Geometry(int minor, out long size, out int blockSize)
        {
            size = _channel.Sectors * AtaChannel.SectorSize;
            blockSize = AtaChannel.SectorSize;
            return minor == 0;
        }

        protected override int Transfer(int minor, long position, GrantedBuffer buffer, bool write)
        {
            if (buffer.Length == 0)
                return Status.BadArgument;
            long first = position / AtaChannel.SectorSize;
            int count = buffer.Length / AtaChannel.SectorSize;
            fixed (byte* sector = _sector)
            {
                if (write)
                {
                    // The grant must cover the whole request before any
                    // sector is written: a short or unreadable grant changes
                    // nothing on disk.
                    int probe = ProbeReadable(buffer, sector);
                    if (probe != Status.Ok)
                        return probe;
                }
                for (int i = 0; i < count; i++)
                {
                    int offset = i * AtaChannel.SectorSize;
                    int status;
                    if (write)
                    {
                        status = buffer.CopyFromClient(offset, sector, AtaChannel.SectorSize);
                        if (status >= 0)
                            status = _channel.WriteSector(first + i, sector);
                    }
                    else
                    {
                        status = _channel.ReadSector(first + i, sector);
                        if (status >= 0)
                            status = buffer.CopyToClient(offset, sector, AtaChannel.SectorSize);
                    }
                    if (status < 0)
                        return status;
                }
                if (write && _channel.Flush() != Status.Ok)
                    return DriverStatus.IoError;
            }
            return buffer.Length;
        }

        // Copies the first and last byte of the request: both inside one
        // contiguous grant with read rights means all of it is.
        private static int ProbeReadable(GrantedBuffer buffer, byte* scratch)
        {
            int status = buffer.CopyFromClient(0, scratch, 1);
            return status < 0 ? status : buffer.CopyFromClient(buffer.Length - 1, scratch, 1);
        }
    }
}
