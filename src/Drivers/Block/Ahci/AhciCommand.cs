namespace Minix3.Cosmos.Drivers.Block.Ahci
{
    // The in-memory structures of one AHCI command (Serial ATA AHCI 1.3.1,
    // sections 4.2.2 and 4.2.3; the FIS layout from SATA 3.x, "Register -
    // Host to Device FIS"). The driver uses one slot, so it writes the
    // first 32-byte header of the command list and one command table:
    //
    //   command header (32 bytes, in the command list)
    //     dword 0  bits 4:0 CFL (FIS length in dwords), bit 6 W (host to
    //              device), bits 31:16 PRDTL (PRDT entries)
    //     dword 1  PRDBC: bytes the HBA moved (it writes this back)
    //     dword 2,3 CTBA/CTBAU: the command table's physical address, 128-aligned
    //   command table
    //     0x00  CFIS: the 20-byte Register H2D FIS (type 0x27)
    //     0x80  PRDT: 16 bytes per entry: DBA, DBAU, reserved, then
    //           bits 21:0 DBC (bytes - 1, odd: even byte counts only)
    //
    // Pure logic over raw memory, tested on the host
    // (test/Unit/Drivers/Block/AhciCommandTests.cs).
    public static unsafe class AhciCommand
    {
        public const int HeaderBytes = 32;
        public const int FisOffset = 0x00;
        public const int PrdtOffset = 0x80;
        public const int PrdEntryBytes = 16;
        public const int MaxPrdBytes = 4 << 20;     // one entry moves at most 4 MiB (DBC has 22 bits)

        public const byte FisHostToDevice = 0x27;
        private const byte FisCommandBit = 0x80;    // byte 1: this FIS carries a command, not a control write
        private const byte DeviceLba = 0x40;        // device register: LBA addressing
        private const int FisDwords = 5;
        private const uint WriteBit = 1u << 6;

        // Fills the header and the table for `command` over `count`
        // sectors at `lba` (LBA48 fields; count 0 in the FIS means no
        // count, as IDENTIFY and FLUSH want), its data `bytes` at
        // `dataPhysical` (0 bytes: no data phase, no PRDT). Returns the
        // PRDT entries written, 0 for a command without data, or -1 when
        // the buffer cannot be described: odd address or length, or more
        // entries than `prdCapacity`.
        public static int Build(byte* header, byte* table, int prdCapacity, ulong tablePhysical,
            byte command, long lba, int count, bool write, ulong dataPhysical, int bytes)
        {
            if (bytes < 0 || (bytes & 1) != 0 || (dataPhysical & 1) != 0 || (tablePhysical & 0x7F) != 0)
                return -1;
            for (int i = 0; i < PrdtOffset; i++)
                table[i] = 0;
            WriteFis(table + FisOffset, command, lba, count);

            int entries = 0;
            for (long done = 0; done < bytes; entries++)
            {
                if (entries == prdCapacity)
                    return -1;
                long chunk = bytes - done < MaxPrdBytes ? bytes - done : MaxPrdBytes;
                byte* entry = table + PrdtOffset + entries * PrdEntryBytes;
                ulong at = dataPhysical + (ulong)done;
                *(uint*)entry = (uint)at;
                *(uint*)(entry + 4) = (uint)(at >> 32);
                *(uint*)(entry + 8) = 0;
                *(uint*)(entry + 12) = (uint)(chunk - 1);   // interrupt bit (31) off: the driver polls
                done += chunk;
            }

            *(uint*)header = (uint)FisDwords | (write ? WriteBit : 0) | (uint)entries << 16;
            *(uint*)(header + 4) = 0;
            *(uint*)(header + 8) = (uint)tablePhysical;
            *(uint*)(header + 12) = (uint)(tablePhysical >> 32);
            for (int i = 16; i < HeaderBytes; i++)
                header[i] = 0;
            return entries;
        }

        // Register H2D FIS: type, C bit, command, features, LBA bytes 0-2,
        // device, LBA bytes 3-5, features high, count (16 bits), the rest 0.
        private static void WriteFis(byte* fis, byte command, long lba, int count)
        {
            fis[0] = FisHostToDevice;
            fis[1] = FisCommandBit;
            fis[2] = command;
            fis[4] = (byte)lba;
            fis[5] = (byte)(lba >> 8);
            fis[6] = (byte)(lba >> 16);
            fis[7] = DeviceLba;
            fis[8] = (byte)(lba >> 24);
            fis[9] = (byte)(lba >> 32);
            fis[10] = (byte)(lba >> 40);
            fis[12] = (byte)count;
            fis[13] = (byte)(count >> 8);
        }

        // The bytes the HBA reports it moved for the command (PRDBC).
        public static uint BytesMoved(byte* header) => *(uint*)(header + 4);
    }
}
