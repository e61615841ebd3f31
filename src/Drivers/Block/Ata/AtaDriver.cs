using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Drivers.Block.Ata
{
    // The primary master ATA disk as block device minor 0, in 512-byte
    // sectors, by bus-master DMA where the IDE controller and the drive
    // can (AtaBusMaster), else by PIO, polled either way (interrupts off;
    // see AtaChannel). Stateless like every block driver: each request goes
    // to the disk, through a buffer of the driver's own (one command's
    // worth; DMA memory with DMA), to or from the client's grant. The library has already checked position and length
    // against the geometry; what is left here is what the library lets
    // through: a zero length, and grants that turn out bad (checked before
    // the disk is touched when writing).
    //
    // Each instance logs the guest time at which it took up and finished
    // its first transfer: after a restart, that line against the crash's
    // time is the restart latency the bench reports (crash to first request
    // served). Later requests cost nothing extra.
    public sealed unsafe class AtaDriver : BlockDriver
    {
        private const int ChunkBytes = AtaChannel.MaxSectors * AtaChannel.SectorSize;

        private readonly AtaChannel _channel;
        // DMA when the controller and the drive can (null: polled PIO).
        private readonly AtaBusMaster? _dma;
        // One command's data: the bus master's DMA buffer, or with PIO a
        // buffer of the driver's own (the heap never moves objects: the
        // address taken stays valid while the field keeps the array alive).
        private readonly byte[]? _pioBuffer;
        private readonly byte* _chunk;
        private bool _servedOne;

        private AtaDriver(AtaChannel channel, AtaBusMaster? dma)
        {
            _channel = channel;
            _dma = dma;
            if (dma != null)
            {
                _chunk = dma.Buffer;
                return;
            }
            _pioBuffer = new byte[ChunkBytes];
            fixed (byte* at = _pioBuffer)
                _chunk = at;
        }

        // Without a disk the driver says why and exits: status 0 when there
        // is no drive at all (nothing to drive, which RS does not restart),
        // 1 when a drive is there but fails (a failure RS recovers from).
        // The bus master comes first: a predecessor killed in the middle of
        // a DMA transfer may have left the engine running, and it must stop
        // before the drive is probed (and reset, if it is still busy).
        public static int Main()
        {
            AtaBusMaster? dma = AtaBusMaster.Open(out string why);
            var channel = new AtaChannel();
            string? problem = channel.Probe();
            if (problem != null)
            {
                Diagnostics.Print(string.Concat("ata: no disk: ", problem));
                return channel.NoDrive ? 0 : 1;
            }
            Diagnostics.Print(string.Concat("ata: primary master \"", channel.Model, "\": ", channel.Sectors.ToString(), " sectors, ",
                channel.UsesLba48 ? "LBA48" : "LBA28"));
            if (dma != null && !channel.DmaCapable)
            {
                dma = null;
                why = "the drive does no DMA";
            }
            Diagnostics.Print(dma != null ? string.Concat("ata: disk 0: bus-master DMA through ", dma.Where)
                : string.Concat("ata: disk 0: polled PIO (", why, ")"));
            new AtaDriver(channel, dma).Run();
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
            if (_servedOne)
                return Move(position, buffer, write);
            long taken = Process.TimeStampCounter();
            int result = Move(position, buffer, write);
            if (result > 0)
            {
                _servedOne = true;
                Diagnostics.Print(string.Concat("ata: first request (", result.ToString(), " bytes) taken at ", taken.ToString(),
                    " tsc, served at ", Process.TimeStampCounter().ToString(), " tsc"));
            }
            return result;
        }

        // In chunks of one ATA command each: a read fills the driver's buffer
        // from the disk and then copies it to the client; a write copies from
        // the client first. A grant copy that fails therefore never falls in
        // the middle of a command.
        private int Move(long position, GrantedBuffer buffer, bool write)
        {
            long first = position / AtaChannel.SectorSize;
            byte* chunk = _chunk;
            if (write)
            {
                // The grant must cover the whole request before any
                // sector is written: a short or unreadable grant changes
                // nothing on disk.
                int probe = ProbeReadable(buffer, chunk);
                if (probe != Status.Ok)
                    return probe;
            }
            for (int offset = 0; offset < buffer.Length; offset += ChunkBytes)
            {
                int bytes = buffer.Length - offset < ChunkBytes ? buffer.Length - offset : ChunkBytes;
                int sectors = bytes / AtaChannel.SectorSize;
                long lba = first + offset / AtaChannel.SectorSize;
                int status;
                if (write)
                {
                    status = buffer.CopyFromClient(offset, chunk, bytes);
                    if (status >= 0)
                        status = Command(lba, sectors, chunk, true);
                }
                else
                {
                    status = Command(lba, sectors, chunk, false);
                    if (status >= 0)
                        status = buffer.CopyToClient(offset, chunk, bytes);
                }
                if (status < 0)
                    return status;
            }
            if (write && _channel.Flush() != Status.Ok)
                return DriverStatus.IoError;
            return buffer.Length;
        }

        // One command's sectors between the drive and `chunk`: by DMA when
        // the driver has the bus master, and by PIO when it has not or when
        // the DMA command failed (logged: the drive or controller said
        // no, or timed out), so a DMA fault costs one retry, not the data.
        private int Command(long lba, int sectors, byte* chunk, bool write)
        {
            if (_dma != null)
            {
                int status = _dma.Transfer(_channel, lba, sectors, write);
                if (status == Status.Ok)
                    return status;
                Diagnostics.Print(string.Concat("ata: DMA ", write ? "write" : "read", " of ", sectors.ToString(), " sectors at ", lba.ToString(),
                    " failed (", status.ToString(), "); once more by PIO"));
            }
            return write ? _channel.WriteSectors(lba, sectors, chunk) : _channel.ReadSectors(lba, sectors, chunk);
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
