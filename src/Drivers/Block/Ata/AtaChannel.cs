using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Drivers.Block.Ata
{
    // The primary ATA channel's master drive, spoken to register by register
    // through the kernel's port I/O calls (the policy grants exactly these
    // ports); the data register moves whole sectors (AtaDataPort).
    // Interrupts stay off (nIEN): every wait is a bounded poll of the status
    // register, so a drive that never answers costs a timeout status, never
    // a hung driver. One command moves up to MaxSectors sectors between the
    // drive and a buffer of the driver's own: the caller copies to or from
    // its client before or after the command, so a failing grant copy never
    // leaves a command half-done.
    public sealed unsafe class AtaChannel
    {
        public const int SectorSize = 512;
        public const int MaxSectors = 128;          // one command: 64 KiB, FS's largest request
        public const long Lba28Limit = 1L << 28;

        private const ushort Data = AtaDataPort.Port;
        private const ushort SectorCount = 0x1F2;
        private const ushort LbaLow = 0x1F3;
        private const ushort LbaMid = 0x1F4;
        private const ushort LbaHigh = 0x1F5;
        private const ushort DriveSelect = 0x1F6;
        private const ushort StatusCommand = 0x1F7; // status when read, command when written
        private const ushort Control = 0x3F6;       // device control when written, alternate status when read

        private const byte Err = 0x01, Drq = 0x08, DeviceFault = 0x20, Ready = 0x40, Busy = 0x80;
        private const byte InterruptsOff = 0x02;    // nIEN: the drive raises no IRQ 14
        private const byte SoftwareReset = 0x04;    // SRST: reset both drives of the channel
        private const byte Identify = 0xEC, ReadPio = 0x20, WritePio = 0x30;      // READ/WRITE SECTORS
        private const byte ReadPioExt = 0x24, WritePioExt = 0x34, FlushCache = 0xE7, FlushCacheExt = 0xEA;
        private const byte ReadMultiple = 0xC4, WriteMultiple = 0xC5, SetMultipleMode = 0xC6;
        private const byte ReadMultipleExt = 0x29, WriteMultipleExt = 0x39;
        private const byte ReadDma = 0xC8, WriteDma = 0xCA, ReadDmaExt = 0x25, WriteDmaExt = 0x35;
        private const int MultipleLimit = 16;       // sectors per DRQ block we ask for at most

        // Status polls before giving up: each is one kernel call (microseconds
        // in QEMU), so this bounds a wait at a few seconds.
        private const int PollLimit = 1_000_000;

        public long Sectors { get; private set; }
        public bool UsesLba48 { get; private set; }
        public string Model { get; private set; } = "";

        // IDENTIFY word 49 bit 8: the drive does DMA (READ/WRITE DMA), so a
        // bus-master controller can move its data.
        public bool DmaCapable { get; private set; }

        // Sectors per data block (one DRQ): after SET MULTIPLE MODE the
        // drive moves that many per block with READ/WRITE MULTIPLE, and an
        // emulator fetches them from its backing file in one go instead of
        // sector by sector (each fetch is a wait the driver spends polling).
        // 1: plain READ/WRITE SECTORS.
        public int BlockSectors { get; private set; } = 1;
        private int _multipleSupported;

        // The last Probe found no drive at all (nothing answers, or not an
        // ATA disk), as opposed to a drive that misbehaves.
        public bool NoDrive { get; private set; }

        // Finds the drive and learns its size; null on success, otherwise
        // why there is no usable disk.
        public string? Probe()
        {
            byte status = Read(StatusCommand);
            NoDrive = status == 0xFF;
            if (NoDrive)
                return "floating bus (status 0xff): no drive on the primary channel";
            string? problem = IdentifyDrive();
            if (problem == null)
                return EnableMultiple();
            // A restarted driver cannot trust the state its predecessor left
            // (killed halfway through a transfer, the drive still waits for
            // data): reset the channel, as at power-on, and ask again.
            Write(Control, InterruptsOff | SoftwareReset);
            Settle();
            Write(Control, InterruptsOff);
            Settle();
            if (!WaitUntilReady())
                return problem;
            return IdentifyDrive() ?? EnableMultiple();
        }

        // SET MULTIPLE MODE with the largest power of two the drive offers
        // (IDENTIFY word 47), at most MultipleLimit; a drive that offers none
        // or refuses keeps single-sector blocks. Always null: not a failure.
        private string? EnableMultiple()
        {
            int wanted = 1;
            while (wanted * 2 <= _multipleSupported && wanted * 2 <= MultipleLimit)
                wanted *= 2;
            BlockSectors = 1;
            if (wanted < 2)
                return null;
            Write(DriveSelect, 0xA0);
            Settle();
            Write(SectorCount, (byte)wanted);
            Write(StatusCommand, SetMultipleMode);
            Settle();
            if (WaitWhileBusy(out byte status) && !Failed(status))
                BlockSectors = wanted;
            return null;
        }

        // IDENTIFY DEVICE on the master: size, LBA48, model; null on success.
        private string? IdentifyDrive()
        {
            byte status;
            Write(DriveSelect, 0xA0);
            Write(Control, InterruptsOff);
            Settle();
            Write(SectorCount, 0);
            Write(LbaLow, 0);
            Write(LbaMid, 0);
            Write(LbaHigh, 0);
            Write(StatusCommand, Identify);
            status = Read(StatusCommand);
            NoDrive = status == 0 || status == 0xFF;
            if (NoDrive)
                return "status 0 after IDENTIFY: no drive on the primary master";
            if (!WaitWhileBusy(out status))
                return "IDENTIFY timed out (drive stays busy)";
            NoDrive = Read(LbaMid) != 0 || Read(LbaHigh) != 0;
            if (NoDrive)
                return "not an ATA disk (ATAPI or SATA signature)";
            if (!WaitForData(out status))
                return "IDENTIFY failed (error or timeout)";
            ushort* words = stackalloc ushort[256];
            if (AtaDataPort.ReadSector((byte*)words) != Status.Ok)
                return "IDENTIFY data unreadable";
            long lba28 = words[60] | ((long)words[61] << 16);
            UsesLba48 = (words[83] & (1 << 10)) != 0;
            long lba48 = words[100] | ((long)words[101] << 16) | ((long)words[102] << 32) | ((long)words[103] << 48);
            Sectors = UsesLba48 && lba48 > lba28 ? lba48 : lba28;
            UsesLba48 = UsesLba48 && Sectors > Lba28Limit - 1;
            _multipleSupported = words[47] & 0xFF;
            DmaCapable = (words[49] & (1 << 8)) != 0;
            Model = ModelText(words);
            return Sectors > 0 ? null : "IDENTIFY reports no LBA sectors (CHS-only drive)";
        }

        // Reads `count` sectors (1..MaxSectors) at `lba` into `destination`
        // (count * 512 bytes) with one command; a Status.
        public int ReadSectors(long lba, int count, byte* destination)
        {
            int status = Issue(lba, count, BlockSectors > 1 ? (UsesLba48 ? ReadMultipleExt : ReadMultiple) : (UsesLba48 ? ReadPioExt : ReadPio));
            if (status != Status.Ok)
                return status;
            for (int i = 0; i < count; i++)
            {
                // The drive raises DRQ for each block of sectors in turn.
                if (i > 0 && i % BlockSectors == 0 && !WaitForData(out _))
                    return DriverStatus.IoError;
                if (AtaDataPort.ReadSector(destination + i * SectorSize) != Status.Ok)
                    return DriverStatus.IoError;
            }
            return Failed(Read(Control)) ? DriverStatus.IoError : Status.Ok;
        }

        // Writes `count` sectors (1..MaxSectors) from `source` at `lba` with
        // one command; a Status once the drive has taken them.
        public int WriteSectors(long lba, int count, byte* source)
        {
            int status = Issue(lba, count, BlockSectors > 1 ? (UsesLba48 ? WriteMultipleExt : WriteMultiple) : (UsesLba48 ? WritePioExt : WritePio));
            if (status != Status.Ok)
                return status;
            for (int i = 0; i < count; i++)
            {
                if (i > 0 && i % BlockSectors == 0 && !WaitForData(out _))
                    return DriverStatus.IoError;
                if (AtaDataPort.WriteSector(source + i * SectorSize) != Status.Ok)
                    return DriverStatus.IoError;
            }
            Settle();
            return WaitWhileBusy(out byte after) && !Failed(after) ? Status.Ok : DriverStatus.IoError;
        }

        // Makes written sectors durable: the driver keeps no cache, and the
        // drive's own must not hold a write the caller was told succeeded.
        public int Flush()
        {
            Write(DriveSelect, 0xE0);
            Settle();
            Write(StatusCommand, UsesLba48 ? FlushCacheExt : FlushCache);
            Settle();
            return WaitWhileBusy(out byte after) && !Failed(after) ? Status.Ok : DriverStatus.IoError;
        }

        // Issues READ/WRITE DMA for `count` sectors at `lba`; the bus
        // master (AtaBusMaster) moves the data and FinishDma checks the end.
        public int StartDma(long lba, int count, bool write) =>
            Command(lba, count, write ? (UsesLba48 ? WriteDmaExt : WriteDma) : (UsesLba48 ? ReadDmaExt : ReadDma));

        // After the bus master went idle: the drive done (not busy, no data
        // left to move) and without ERR or DF. Reading the status register
        // also clears the drive's interrupt.
        public int FinishDma()
        {
            if (!WaitWhileBusy(out byte status))
                return DriverStatus.IoError;
            return Failed(status) || (status & Drq) != 0 ? DriverStatus.IoError : Status.Ok;
        }

        // Sets up a transfer of `count` sectors at `lba` and waits until the
        // drive asks for (or offers) the first sector's data.
        private int Issue(long lba, int count, byte command)
        {
            int status = Command(lba, count, command);
            return status != Status.Ok ? status : WaitForData(out _) ? Status.Ok : DriverStatus.IoError;
        }

        // Writes the task file and the command once the drive is not busy.
        private int Command(long lba, int count, byte command)
        {
            if (count < 1 || count > MaxSectors)
                return Status.BadArgument;
            if (!WaitWhileBusy(out _))
                return DriverStatus.IoError;
            if (UsesLba48)
            {
                Write(DriveSelect, 0x40);
                Settle();
                Write(SectorCount, 0);              // count bits 8-15 (MaxSectors < 256)
                Write(LbaLow, (byte)(lba >> 24));
                Write(LbaMid, (byte)(lba >> 32));
                Write(LbaHigh, (byte)(lba >> 40));
            }
            else
            {
                Write(DriveSelect, (byte)(0xE0 | ((lba >> 24) & 0x0F)));
                Settle();
            }
            Write(SectorCount, (byte)count);
            Write(LbaLow, (byte)lba);
            Write(LbaMid, (byte)(lba >> 8));
            Write(LbaHigh, (byte)(lba >> 16));
            Write(StatusCommand, command);
            Settle();
            return Status.Ok;
        }

        // False on timeout; `status` is the last status read.
        private static bool WaitWhileBusy(out byte status)
        {
            for (int i = 0; i < PollLimit; i++)
            {
                status = Read(StatusCommand);
                if ((status & Busy) == 0)
                    return true;
            }
            status = Busy;
            return false;
        }

        // True when the drive is ready to move data (DRQ without ERR/DF).
        private static bool WaitForData(out byte status)
        {
            for (int i = 0; i < PollLimit; i++)
            {
                status = Read(StatusCommand);
                if ((status & Busy) != 0)
                    continue;
                if (Failed(status))
                    return false;
                if ((status & Drq) != 0)
                    return true;
            }
            status = Busy;
            return false;
        }

        private static bool Failed(byte status) => (status & (Err | DeviceFault)) != 0;

        // After a reset: not busy and ready (DRDY). A drive may take a while
        // to leave the reset, and a command written before is ignored.
        private static bool WaitUntilReady()
        {
            for (int i = 0; i < PollLimit; i++)
            {
                Write(DriveSelect, 0xA0);
                byte status = Read(Control);
                if ((status & Busy) == 0 && (status & Ready) != 0)
                    return true;
            }
            return false;
        }

        // The 400 ns a drive needs after a select or command before its
        // status means anything: four reads of the alternate status.
        private static void Settle()
        {
            for (int i = 0; i < 4; i++)
                Read(Control);
        }

        // An unreadable port (denied, which the policy prevents) reads as a
        // floating bus, so it ends in "no disk" or a timeout, not a hang.
        private static byte Read(ushort port) => Devices.In(port, 1, out uint value) == Status.Ok ? (byte)value : (byte)0xFF;

        private static void Write(ushort port, byte value) => Devices.Out(port, 1, value);

        // IDENTIFY words 27..46: 40 ASCII characters, two per word, high byte first.
        private static string ModelText(ushort* words)
        {
            char* chars = stackalloc char[40];
            int length = 0;
            for (int i = 27; i <= 46; i++)
            {
                chars[length++] = (char)(words[i] >> 8);
                chars[length++] = (char)(words[i] & 0xFF);
            }
            while (length > 0 && (chars[length - 1] == ' ' || chars[length - 1] == '\0'))
                length--;
            return new string(chars, 0, length);
        }
    }
}
