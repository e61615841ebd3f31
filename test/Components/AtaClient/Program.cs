using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.AtaClient
{
    // Plays the file server's part against the ATA driver on a disk image the
    // host test made: prints an FNV-1a checksum of each read (the host
    // computes the same over the image file), writes a known pattern the host
    // finds in the file after the run, and sends requests that must fail and
    // change nothing. One line per check.
    public static unsafe class Program
    {
        private const int Sector = 512;
        private const int BufferSectors = 8;
        private const int BufferSize = BufferSectors * Sector;

        // Where the writes go; the host test (test/Boot/AtaTests.cs) knows
        // the same numbers. Bad writes aim at BadWriteTarget and must not land.
        private const long PatternFirst = 100;
        private const int PatternCount = 3;
        private const long BadWriteTarget = 200;

        // Grant slots, each to ata: read-write over the whole buffer, read
        // only (the driver may copy from it), write only, and one sector only.
        private const int Full = 0, ReadOnly = 1, WriteOnly = 2, OneSector = 3;

        private static readonly GrantEntry[] s_grants = new GrantEntry[4];
        private static readonly byte[] s_buffer = new byte[BufferSize];
        private static int s_failures;

        public static int Main()
        {
            Endpoint ata = Endpoints.Lookup("ata");
            if (ata.IsNone)
            {
                Diagnostics.Print("ataclient: FAIL no ata driver running");
                return 1;
            }
            fixed (GrantEntry* table = s_grants)
            fixed (byte* buffer = s_buffer)
            {
                Grants.Publish(table, s_grants.Length);
                Grant(table, Full, ata, buffer, GrantFlags.Read | GrantFlags.Write, BufferSize);
                Grant(table, ReadOnly, ata, buffer, GrantFlags.Read, BufferSize);
                Grant(table, WriteOnly, ata, buffer, GrantFlags.Write, BufferSize);
                Grant(table, OneSector, ata, buffer, GrantFlags.Read | GrantFlags.Write, Sector);
                Run(ata, buffer);
            }
            Diagnostics.Print(s_failures == 0 ? "ataclient: all checks passed" : "ataclient: FAILURES");
            return s_failures == 0 ? 0 : 1;
        }

        private static void Run(Endpoint ata, byte* buffer)
        {
            Message geometry = default;
            bool known = Send(ata, DriverRequest.Geometry, 0, 0, GrantId.From(Full, 1), 0, &geometry) == Status.Ok && DriverReplyMessage.Of(&geometry)->BlockSize == Sector && DriverReplyMessage.Of(&geometry)->DeviceSize >= 64 * Sector;
            Check("geometry", known);
            if (!known)
                return;
            long size = DriverReplyMessage.Of(&geometry)->DeviceSize, sectors = size / Sector;
            Diagnostics.Print(string.Concat("ataclient: disk of ", sectors.ToString(), " sectors"));
            Check("open", Request(ata, DriverRequest.Open, 0, 0, Full, 0) == Status.Ok);

            // Reads the host checks: the first sector, a middle range in one request, the last.
            uint lastChecksum = 0;
            Check("read-first", ReadAndReport(ata, buffer, 0, 1, out _));
            Check("read-middle", ReadAndReport(ata, buffer, sectors / 2 - 3, 7, out _));
            Check("read-last", ReadAndReport(ata, buffer, sectors - 1, 1, out lastChecksum));

            // Writes the host finds in the image afterwards; read back here too.
            Check("write-pattern", WritePattern(ata, buffer, PatternFirst, PatternCount));
            Check("write-near-end", WritePattern(ata, buffer, sectors - 2, 1));
            Check("read-back-pattern", ReadsBackPattern(ata, buffer, PatternFirst, PatternCount));
            Check("read-back-near-end", ReadsBackPattern(ata, buffer, sectors - 2, 1));

            // Requests at or across the end: the block library's end-of-device
            // rule (0 bytes at the end, a short transfer across it).
            Fill(buffer, 0xEE, BufferSize);
            Check("read-past-end", Request(ata, DriverRequest.Read, 0, size, Full, Sector) == 0);
            Check("write-past-end", Request(ata, DriverRequest.Write, 0, size, Full, Sector) == 0);
            Check("read-straddling-end", Request(ata, DriverRequest.Read, 0, size - Sector, Full, 2 * Sector) == Sector
                && Checksum(buffer, Sector) == lastChecksum);

            // Requests that must fail with a status and leave the disk alone.
            long target = BadWriteTarget * Sector;
            Fill(buffer, 0xEE, BufferSize);
            Check("read-zero-length", Request(ata, DriverRequest.Read, 0, 0, Full, 0) == Status.BadArgument);
            Check("write-zero-length", Request(ata, DriverRequest.Write, 0, target, Full, 0) == Status.BadArgument);
            Check("read-unaligned-length", Request(ata, DriverRequest.Read, 0, 0, Full, 100) == Status.BadArgument);
            Check("write-unaligned-length", Request(ata, DriverRequest.Write, 0, target, Full, 700) == Status.BadArgument);
            Check("write-unaligned-position", Request(ata, DriverRequest.Write, 0, target + 100, Full, Sector) == Status.BadArgument);
            Check("read-forged-grant", RequestWithGrant(ata, DriverRequest.Read, 0, GrantId.From(Full, 9), Sector) == Status.BadGrant);
            Check("write-forged-grant", RequestWithGrant(ata, DriverRequest.Write, target, GrantId.From(3000, 1), Sector) == Status.BadGrant);
            Check("read-into-read-only-grant", Request(ata, DriverRequest.Read, 0, 0, ReadOnly, Sector) == Status.GrantRights);
            Check("write-from-write-only-grant", Request(ata, DriverRequest.Write, 0, target, WriteOnly, Sector) == Status.GrantRights);
            Check("write-longer-than-grant", Request(ata, DriverRequest.Write, 0, target, OneSector, 2 * Sector) == Status.OutOfRange);
            Check("write-too-long", Request(ata, DriverRequest.Write, 0, target, Full, DriverRequest.MaxTransfer + Sector) == Status.BadArgument);
            Check("unknown-minor", Request(ata, DriverRequest.Write, 1, target, Full, Sector) == DriverStatus.NoSuchDevice);
            Check("heartbeat", Request(ata, DriverRequest.Ping, 0, 0, Full, 0) == Status.Ok);
        }

        // Reads `count` sectors at `first` and prints their checksum.
        private static bool ReadAndReport(Endpoint ata, byte* buffer, long first, int count, out uint checksum)
        {
            Fill(buffer, 0xEE, BufferSize);
            long moved = Request(ata, DriverRequest.Read, 0, first * Sector, Full, count * Sector);
            checksum = Checksum(buffer, count * Sector);
            Diagnostics.Print(string.Concat("ataclient: checksum first=", first.ToString(), " count=", count.ToString(),
                " fnv1a=", Hex(checksum), " moved=", moved.ToString()));
            return moved == count * Sector;
        }

        private static bool WritePattern(Endpoint ata, byte* buffer, long first, int count)
        {
            for (int s = 0; s < count; s++)
                FillPattern(buffer + s * Sector, first + s);
            return Request(ata, DriverRequest.Write, 0, first * Sector, Full, count * Sector) == count * Sector;
        }

        private static bool ReadsBackPattern(Endpoint ata, byte* buffer, long first, int count)
        {
            Fill(buffer, 0, BufferSize);
            if (Request(ata, DriverRequest.Read, 0, first * Sector, Full, count * Sector) != count * Sector)
                return false;
            byte* expected = stackalloc byte[Sector];
            for (int s = 0; s < count; s++)
            {
                FillPattern(expected, first + s);
                for (int i = 0; i < Sector; i++)
                {
                    if (buffer[s * Sector + i] != expected[i])
                        return false;
                }
            }
            return true;
        }

        // The written pattern: a function of the sector number and the byte's
        // place in it, so a write landing in the wrong sector shows.
        private static void FillPattern(byte* sector, long lba)
        {
            for (int i = 0; i < Sector; i++)
                sector[i] = (byte)(i * 7 + lba * 13 + 0x5A);
        }

        private static uint Checksum(byte* bytes, int length)
        {
            uint hash = 2166136261;
            for (int i = 0; i < length; i++)
                hash = (hash ^ bytes[i]) * 16777619;
            return hash;
        }

        private static void Grant(GrantEntry* table, int index, Endpoint driver, byte* buffer, uint rights, int length) =>
            table[index] = new GrantEntry { Flags = GrantFlags.Valid | rights, Sequence = 1, Grantee = driver.Value, Address = (ulong)buffer, Length = (ulong)length };

        private static long Request(Endpoint driver, int type, long minor, long position, int grantIndex, long length)
        {
            Message reply = default;
            return Send(driver, type, minor, position, GrantId.From(grantIndex, 1), length, &reply);
        }

        private static long RequestWithGrant(Endpoint driver, int type, long position, GrantId grant, long length)
        {
            Message reply = default;
            return Send(driver, type, 0, position, grant, length, &reply);
        }

        private static long Send(Endpoint driver, int type, long minor, long position, GrantId grant, long length, Message* message)
        {
            *message = default;
            message->Type = type;
            DriverRequestMessage* request = DriverRequestMessage.Of(message);
            request->Minor = minor;
            request->Position = position;
            request->Grant = grant.Value;
            request->Length = length;
            int status = Ipc.SendRec(driver, message);
            if (status != Status.Ok)
                return status;
            return message->Type == DriverRequest.Reply ? DriverReplyMessage.Of(message)->Result : DriverStatus.BadRequest;
        }

        private static void Check(string name, bool ok)
        {
            if (!ok)
                s_failures++;
            Diagnostics.Print(string.Concat("ataclient: ", name, ok ? ": ok" : ": FAIL"));
        }

        private static string Hex(uint value)
        {
            char* digits = stackalloc char[8];
            for (int i = 7; i >= 0; i--, value >>= 4)
                digits[i] = "0123456789abcdef"[(int)(value & 0xF)];
            return new string(digits, 0, 8);
        }

        private static void Fill(byte* bytes, byte value, int length)
        {
            for (int i = 0; i < length; i++)
                bytes[i] = value;
        }
    }
}
