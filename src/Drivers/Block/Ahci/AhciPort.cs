using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Drivers.Block.Ahci
{
    // One AHCI port with a SATA disk, driven through command slot 0 only
    // (AHCI 1.3.1, sections 3.3 and 10): its command list, received-FIS
    // area, command table and data buffer are one run of DMA memory the
    // driver allocated after claiming the controller (mapped into the
    // controller's IOMMU domain: the HBA reaches nothing else):
    //
    //   0x0000  command list (1 KiB, 1 KiB-aligned; slot 0's header first)
    //   0x0400  received FIS area (256 bytes, 256-aligned)
    //   0x0800  command table (128-aligned; PRDT at +0x80)
    //   0x1000  data buffer, BufferBytes
    //
    // Every wait is a bounded poll of a register (the port's interrupts
    // stay off: under `-icount sleep=off` a halted CPU waiting for an IRQ
    // would let QEMU jump the clock a tick per request, as with ata), so a
    // port that never answers costs a timeout status, never a hung driver.
    public sealed unsafe class AhciPort
    {
        public const int SectorSize = 512;
        public const int MaxSectors = 128;                  // one command: 64 KiB, FS's largest request
        public const int BufferBytes = MaxSectors * SectorSize;
        public const int DmaBytes = BufferOffset + BufferBytes;
        private const int ListOffset = 0x0000, FisOffset = 0x0400, TableOffset = 0x0800, BufferOffset = 0x1000;
        private const int PrdCapacity = (BufferOffset - TableOffset - AhciCommand.PrdtOffset) / AhciCommand.PrdEntryBytes;

        // Port registers, at 0x100 + port * 0x80 in ABAR.
        private const int Clb = 0x00, Clbu = 0x04, Fb = 0x08, Fbu = 0x0C, Is = 0x10, Ie = 0x14, Cmd = 0x18;
        private const int Tfd = 0x20, Sig = 0x24, Ssts = 0x28, Sctl = 0x2C, Serr = 0x30, Ci = 0x38;
        private const uint CmdStart = 1u << 0, CmdSpinUp = 1u << 1, CmdFisReceive = 1u << 4;
        private const uint CmdFisRunning = 1u << 14, CmdListRunning = 1u << 15;
        private const uint IsTaskFileError = 1u << 30, IsFatal = 0xF8000000u;   // TFES, HBFS, HBDS, IFS, OFS, ...
        private const uint TfdErr = 0x01, TfdDrq = 0x08, TfdBsy = 0x80;
        private const uint DetMask = 0x0F, DetPresent = 3, DetComReset = 1;
        public const uint SataDiskSignature = 0x00000101;

        private const byte Identify = 0xEC, ReadDmaExt = 0x25, WriteDmaExt = 0x35, FlushCacheExt = 0xEA;

        // Register polls before giving up. An MMIO read under QEMU is an
        // exit to the device model (a microsecond or so), so a command may
        // take this many polls in the order of seconds, and the engine's
        // stop (500 ms in the spec) far fewer.
        private const int CommandPolls = 4_000_000, EnginePolls = 1_000_000;

        private readonly Mmio _hba;
        private readonly int _base;
        private readonly byte* _memory;
        private readonly ulong _physical;

        public int Number { get; }
        public byte* Buffer => _memory + BufferOffset;
        public long Sectors { get; private set; }
        public string Model { get; private set; } = "";

        public AhciPort(Mmio hba, int number, byte* memory, ulong physical)
        {
            _hba = hba;
            Number = number;
            _base = 0x100 + number * 0x80;
            _memory = memory;
            _physical = physical;
        }

        // What the port has attached: a SATA disk is DET 3 (device there,
        // link up) with the disk signature (ATAPI, port multipliers and
        // enclosures sign differently).
        public static bool HasDisk(Mmio hba, int number) =>
            (hba.Read(0x100 + number * 0x80 + Ssts) & DetMask) == DetPresent && hba.Read(0x100 + number * 0x80 + Sig) == SataDiskSignature;

        public bool Stop() => StopEngine(_hba, Number);

        // Stops port `number`'s engine (ST, then FRE) whoever set it going:
        // the firmware, or a predecessor killed maybe in the middle of a
        // command (its command list may lie anywhere), and says so. The
        // driver calls it before it allocates its DMA memory, which is when
        // iommu starts to blame the device's faults on it. False when the
        // engine does not stop.
        public static bool StopEngine(Mmio hba, int number)
        {
            int at = 0x100 + number * 0x80;
            uint command = hba.Read(at + Cmd);
            if ((command & (CmdStart | CmdFisReceive)) != 0)
                Diagnostics.Print(string.Concat("ahci: port ", number.ToString(), ": engine left running (command 0x", command.ToString("x"),
                    ", issued 0x", hba.Read(at + Ci).ToString("x"), ", interrupt status 0x", hba.Read(at + Is).ToString("x"), "); stopping it"));
            hba.Write(at + Cmd, hba.Read(at + Cmd) & ~CmdStart);
            if (!EngineBitClears(hba, at + Cmd, CmdListRunning))
                return false;
            hba.Write(at + Cmd, hba.Read(at + Cmd) & ~CmdFisReceive);
            return EngineBitClears(hba, at + Cmd, CmdFisRunning);
        }

        private static bool EngineBitClears(Mmio hba, int register, uint bits)
        {
            for (int polls = 0; polls < EnginePolls; polls++)
            {
                if ((hba.Read(register) & bits) == 0)
                    return true;
            }
            return false;
        }

        // Points the port at this driver's memory and starts it: stop,
        // addresses, clear the sticky errors, FIS receive on, wait for the
        // device to be idle (BSY and DRQ clear), start. Null or why not.
        public string? Start()
        {
            if (!Stop())
                return "the port's engine does not stop";
            Write(Ie, 0);
            Write(Clb, (uint)(_physical + ListOffset));
            Write(Clbu, (uint)((_physical + ListOffset) >> 32));
            Write(Fb, (uint)(_physical + FisOffset));
            Write(Fbu, (uint)((_physical + FisOffset) >> 32));
            Write(Serr, 0xFFFFFFFF);
            Write(Is, 0xFFFFFFFF);
            Write(Cmd, Read(Cmd) | CmdSpinUp | CmdFisReceive);
            if (!WaitClear(Tfd, TfdBsy | TfdDrq, CommandPolls))
                return string.Concat("the device stays busy (task file 0x", Read(Tfd).ToString("x"), ")");
            Write(Cmd, Read(Cmd) | CmdStart);
            return null;
        }

        // COMRESET (PxSCTL.DET = 1, then 0) with the engine stopped, then
        // Start again: what a port whose device stays busy or failed needs.
        public string? Reset()
        {
            Stop();
            Write(Sctl, (Read(Sctl) & ~DetMask) | DetComReset);
            // The spec asks for DET = 1 held at least 1 ms.
            Devices.Sleep(2);
            Write(Sctl, Read(Sctl) & ~DetMask);
            if (!WaitValue(Ssts, DetMask, DetPresent, CommandPolls))
                return "the link does not come back after COMRESET";
            return Start();
        }

        // IDENTIFY DEVICE: size (LBA48 words 100-103, else 60-61) and model.
        public string? IdentifyDisk()
        {
            int status = Execute(Identify, 0, 0, false, SectorSize);
            if (status != Status.Ok)
                return string.Concat("IDENTIFY failed (status ", status.ToString(), ")");
            ushort* words = (ushort*)Buffer;
            long lba28 = words[60] | ((long)words[61] << 16);
            long lba48 = words[100] | ((long)words[101] << 16) | ((long)words[102] << 32) | ((long)words[103] << 48);
            bool hasLba48 = (words[83] & (1 << 10)) != 0;
            Sectors = hasLba48 && lba48 > 0 ? lba48 : lba28;
            Model = ModelText(words);
            if (!hasLba48)
                return "the disk does no LBA48 (READ DMA EXT)";
            return Sectors > 0 ? null : "IDENTIFY reports no sectors";
        }

        // `count` sectors (1..MaxSectors) at `lba` between the disk and Buffer.
        public int Transfer(long lba, int count, bool write)
        {
            if (count < 1 || count > MaxSectors)
                return Status.BadArgument;
            return Execute(write ? WriteDmaExt : ReadDmaExt, lba, count, write, count * SectorSize);
        }

        public int Flush() => Execute(FlushCacheExt, 0, 0, false, 0);

        // One command through slot 0; a Status. A failure (task-file error,
        // a fatal HBA error, a timeout) resets the port (COMRESET) and the
        // command is tried once more; a second failure is IoError, with
        // the port reset again for the next request.
        private int Execute(byte command, long lba, int count, bool write, int bytes)
        {
            int status = Issue(command, lba, count, write, bytes, out string why);
            if (status != DriverStatus.IoError)
                return status;
            Diagnostics.Print(string.Concat("ahci: port ", Number.ToString(), ": command 0x", ((int)command).ToString("x2"), " at ", lba.ToString(),
                " failed (", why, "); port reset, once more"));
            string? reset = Reset();
            if (reset == null)
                status = Issue(command, lba, count, write, bytes, out why);
            if (status == Status.Ok)
                return status;
            Diagnostics.Print(string.Concat("ahci: port ", Number.ToString(), ": command 0x", ((int)command).ToString("x2"), " at ", lba.ToString(),
                " failed again (", reset ?? why, "): I/O error"));
            Reset();
            return DriverStatus.IoError;
        }

        private int Issue(byte command, long lba, int count, bool write, int bytes, out string why)
        {
            why = "";
            byte* header = _memory + ListOffset;
            if (AhciCommand.Build(header, _memory + TableOffset, PrdCapacity, _physical + TableOffset,
                    command, lba, count, write, _physical + BufferOffset, bytes) < 0)
                return Status.BadArgument;
            if ((Read(Cmd) & CmdStart) == 0 || (Read(Ci) & 1) != 0)
            {
                why = "the engine is not ready";
                return DriverStatus.IoError;
            }
            Write(Is, 0xFFFFFFFF);
            Write(Ci, 1);
            uint interrupts = 0;
            for (int polls = 0; polls < CommandPolls; polls++)
            {
                interrupts = Read(Is);
                if ((interrupts & (IsTaskFileError | IsFatal)) != 0 || (Read(Ci) & 1) == 0)
                    break;
            }
            uint taskFile = Read(Tfd);
            if ((interrupts & (IsTaskFileError | IsFatal)) != 0 || (taskFile & TfdErr) != 0)
                why = string.Concat("interrupt status 0x", interrupts.ToString("x"), ", task file 0x", taskFile.ToString("x"));
            else if ((Read(Ci) & 1) != 0)
                why = "timeout";
            else if (bytes > 0 && AhciCommand.BytesMoved(header) != (uint)bytes && !write)
                why = string.Concat("short transfer: ", AhciCommand.BytesMoved(header).ToString(), " bytes");
            return why.Length == 0 ? Status.Ok : DriverStatus.IoError;
        }

        private bool WaitClear(int register, uint bits, int limit) => WaitValue(register, bits, 0, limit);

        private bool WaitValue(int register, uint mask, uint value, int limit)
        {
            for (int polls = 0; polls < limit; polls++)
            {
                if ((Read(register) & mask) == value)
                    return true;
            }
            return false;
        }

        private uint Read(int register) => _hba.Read(_base + register);

        private void Write(int register, uint value) => _hba.Write(_base + register, value);

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
