using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.AhciClient
{
    // Plays the file server's part against the AHCI driver on a disk image
    // the host test made (test/Boot/AhciTests.cs knows every number here):
    // prints an FNV-1a checksum of each read (the host computes the same
    // over the image file), writes patterns the host finds in the file
    // after the run, sends requests that must fail and change nothing,
    // reads the sector the host may have made fail (QEMU's blkdebug) and
    // prints what came back, then has RS crash the driver on the next
    // request (a request lost with the driver, as when it dies serving
    // one) and checks that the new instance serves the same bytes and
    // takes writes. One line per check.
    public static unsafe class Program
    {
        private const string Driver = "ahci";
        private const int Sector = 512;
        private const int BufferSectors = 160;                  // more than one command's 128
        private const int BufferSize = BufferSectors * Sector;

        private const long PatternFirst = 100, LargeRead = 1000, LargeWrite = 2000, AfterRestart = 300, BadWriteTarget = 200;
        private const int PatternCount = 3;
        private const long FailingSector = 5000;
        private const int BigBytes = 512 << 10;
        private const int KillRounds = 6, KillPeriodMs = 600, KillReads = 3;

        private const int Full = 0, ReadOnly = 1, OneSector = 2, Big = 3;
        private static readonly GrantEntry[] s_grants = new GrantEntry[4];
        private static readonly byte[] s_buffer = new byte[BufferSize];
        // Requests of 8 commands each, for the kills (the heap is 1 MiB).
        private static readonly byte[] s_big = new byte[BigBytes];
        private static int s_failures;

        public static int Main()
        {
            Endpoint driver = WaitForDriver(Endpoint.None);
            if (driver.IsNone)
            {
                Diagnostics.Print("ahciclient: FAIL no ahci driver running");
                return 1;
            }
            fixed (GrantEntry* table = s_grants)
            fixed (byte* buffer = s_buffer)
            {
                Grants.Publish(table, s_grants.Length);
                GrantAll(table, driver, buffer);
                Run(table, driver, buffer);
            }
            Diagnostics.Print(s_failures == 0 ? "ahciclient: all checks passed" : "ahciclient: FAILURES");
            return s_failures == 0 ? 0 : 1;
        }

        private static void Run(GrantEntry* table, Endpoint driver, byte* buffer)
        {
            Message geometry = default;
            bool known = Send(driver, DriverRequest.Geometry, 0, 0, Full, 0, &geometry) == Status.Ok
                && DriverReplyMessage.Of(&geometry)->BlockSize == Sector && DriverReplyMessage.Of(&geometry)->DeviceSize >= 4096 * Sector;
            Check("geometry", known);
            if (!known)
                return;
            long size = DriverReplyMessage.Of(&geometry)->DeviceSize, sectors = size / Sector;
            Diagnostics.Print(string.Concat("ahciclient: disk of ", sectors.ToString(), " sectors"));
            Check("open", Request(driver, DriverRequest.Open, 0, 0, Full, 0) == Status.Ok);

            Check("read-first", ReadAndReport(driver, buffer, 0, 1, out uint firstChecksum));
            Check("read-middle", ReadAndReport(driver, buffer, sectors / 2 - 3, 7, out uint middleChecksum));
            Check("read-last", ReadAndReport(driver, buffer, sectors - 1, 1, out uint lastChecksum));
            Check("read-large", ReadAndReport(driver, buffer, LargeRead, BufferSectors, out _));

            Check("write-pattern", WritePattern(driver, buffer, PatternFirst, PatternCount));
            Check("write-near-end", WritePattern(driver, buffer, sectors - 2, 1));
            Check("write-large", WritePattern(driver, buffer, LargeWrite, BufferSectors));
            Check("read-back-pattern", ReadsBackPattern(driver, buffer, PatternFirst, PatternCount));
            Check("read-back-near-end", ReadsBackPattern(driver, buffer, sectors - 2, 1));
            Check("read-back-large", ReadsBackPattern(driver, buffer, LargeWrite, BufferSectors));

            // The block library's end-of-device rule: 0 bytes at or past
            // the end, a short transfer across it; never a command.
            Fill(buffer, 0xEE, BufferSize);
            Check("read-past-end", Request(driver, DriverRequest.Read, 0, size, Full, Sector) == 0);
            Check("read-far-past-end", Request(driver, DriverRequest.Read, 0, size + (1L << 40), Full, Sector) == 0);
            Check("write-past-end", Request(driver, DriverRequest.Write, 0, size, Full, Sector) == 0);
            Check("read-straddling-end", Request(driver, DriverRequest.Read, 0, size - Sector, Full, 2 * Sector) == Sector
                && Checksum(buffer, Sector) == lastChecksum);

            long target = BadWriteTarget * Sector;
            Check("read-zero-length", Request(driver, DriverRequest.Read, 0, 0, Full, 0) == Status.BadArgument);
            Check("write-unaligned-position", Request(driver, DriverRequest.Write, 0, target + 100, Full, Sector) == Status.BadArgument);
            Check("read-forged-grant", Send(driver, DriverRequest.Read, 0, 0, 9, Sector, null) == Status.BadGrant);
            Check("read-into-read-only-grant", Request(driver, DriverRequest.Read, 0, 0, ReadOnly, Sector) == Status.GrantRights);
            Check("write-longer-than-grant", Request(driver, DriverRequest.Write, 0, target, OneSector, 2 * Sector) == Status.OutOfRange);
            Check("unknown-minor", Request(driver, DriverRequest.Write, 1, target, Full, Sector) == DriverStatus.NoSuchDevice);
            Check("heartbeat", Request(driver, DriverRequest.Ping, 0, 0, Full, 0) == Status.Ok);

            // A device error (the host's blkdebug, when it injects one) is
            // an answer, not a hang; the port serves again afterwards.
            long failing = Request(driver, DriverRequest.Read, 0, FailingSector * Sector, Full, Sector);
            Diagnostics.Print(string.Concat("ahciclient: read at ", FailingSector.ToString(), ": ", failing.ToString()));
            Check("read-after-error", ReadAndCompare(driver, buffer, 0, 1, firstChecksum));

            // The restart: the request in flight dies with the driver; the
            // new instance serves the same bytes and takes writes.
            Check("crash-injected", Inject(RsFault.CrashOnRequest) == Status.Ok);
            long lost = Request(driver, DriverRequest.Read, 0, (sectors / 2 - 3) * Sector, Full, 7 * Sector);
            Check("request-lost-with-the-driver", lost < 0);
            Endpoint successor = WaitForDriver(driver);
            Check("driver-came-back", !successor.IsNone);
            if (successor.IsNone)
                return;
            GrantAll(table, successor, buffer);
            Check("read-middle-after-restart", ReadAndCompare(successor, buffer, sectors / 2 - 3, 7, middleChecksum));
            Check("write-after-restart", WritePattern(successor, buffer, AfterRestart, 1) && ReadsBackPattern(successor, buffer, AfterRestart, 1));

            successor = KillWhileBusy(table, successor, buffer, sectors / 2 - 3, middleChecksum);
            Check("driver-came-back-after-kills", !successor.IsNone);
            if (!successor.IsNone)
                Check("read-middle-after-kills", ReadAndCompare(successor, buffer, sectors / 2 - 3, 7, middleChecksum));
        }

        // Kills the driver (the kill kernel call, as a user's signal) after
        // queueing it reads of 8 commands each: this client runs above the
        // driver's priority, so the kill lands when its alarm ends,
        // whatever the driver is doing then (under QEMU so far always
        // between commands: the successor finds none issued). The
        // successor must stop the engine its predecessor left on (the
        // driver logs it) and serve again. The new endpoint, or None.
        private static Endpoint KillWhileBusy(GrantEntry* table, Endpoint driver, byte* buffer, long first, uint checksum)
        {
            for (int round = 0; round < KillRounds; round++)
            {
                // The instance serves before it is killed (not killed in
                // its start), and kills stay more than 500 ms apart: RS
                // backs off from failures in quicker succession.
                if (!ReadAndCompare(driver, buffer, first, 7, checksum))
                    return Endpoint.None;
                Devices.Sleep(KillPeriodMs);
                // Their replies, queued to this client from a driver that
                // then dies, stay in its queue (32 messages): few reads.
                for (int i = 0; i < KillReads; i++)
                {
                    Message read = default;
                    read.Type = DriverRequest.Read;
                    DriverRequestMessage.Of(&read)->Grant = GrantId.From(Big, 1).Value;
                    DriverRequestMessage.Of(&read)->Length = BigBytes;
                    Ipc.SendAsync(driver, &read);
                }
                Devices.Sleep(1);
                Message kill = default;
                KillMessage.Of(&kill)->Target = driver.Value;
                if (Ipc.KernelCall(KernelCall.Kill, &kill) != Status.Ok)
                    return Endpoint.None;
                driver = WaitForDriver(driver);
                if (driver.IsNone)
                    return driver;
                GrantAll(table, driver, buffer);
            }
            Diagnostics.Print(string.Concat("ahciclient: killed ahci ", KillRounds.ToString(), " times"));
            return driver;
        }

        // The driver's endpoint once it runs and differs from `old` (a
        // restart gives a new generation), waiting up to about five seconds.
        private static Endpoint WaitForDriver(Endpoint old)
        {
            for (int attempt = 0; attempt < 500; attempt++)
            {
                Endpoint found = Endpoints.Lookup(Driver);
                if (!found.IsNone && found != old)
                    return found;
                Devices.Sleep(10);
            }
            return Endpoint.None;
        }

        private static int Inject(int fault)
        {
            Message message = default;
            message.Type = RsRequest.Inject;
            RsMessage.SetLabel(&message, Driver);
            RsRequestMessage.Of(&message)->Fault = fault;
            int status = Ipc.SendRec(Endpoints.Lookup("rs"), &message);
            return status == Status.Ok ? message.Type : status;
        }

        private static bool ReadAndReport(Endpoint driver, byte* buffer, long first, int count, out uint checksum)
        {
            Fill(buffer, 0xEE, BufferSize);
            long moved = Request(driver, DriverRequest.Read, 0, first * Sector, Full, count * Sector);
            checksum = Checksum(buffer, count * Sector);
            Diagnostics.Print(string.Concat("ahciclient: checksum first=", first.ToString(), " count=", count.ToString(),
                " fnv1a=", Hex(checksum), " moved=", moved.ToString()));
            return moved == count * Sector;
        }

        private static bool ReadAndCompare(Endpoint driver, byte* buffer, long first, int count, uint expected)
        {
            Fill(buffer, 0xEE, BufferSize);
            return Request(driver, DriverRequest.Read, 0, first * Sector, Full, count * Sector) == count * Sector
                && Checksum(buffer, count * Sector) == expected;
        }

        private static bool WritePattern(Endpoint driver, byte* buffer, long first, int count)
        {
            for (int s = 0; s < count; s++)
                FillPattern(buffer + s * Sector, first + s);
            return Request(driver, DriverRequest.Write, 0, first * Sector, Full, count * Sector) == count * Sector;
        }

        private static bool ReadsBackPattern(Endpoint driver, byte* buffer, long first, int count)
        {
            Fill(buffer, 0, BufferSize);
            if (Request(driver, DriverRequest.Read, 0, first * Sector, Full, count * Sector) != count * Sector)
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

        // A function of the sector number and the byte's place in it, so a
        // write landing in the wrong sector shows (ataclient's pattern).
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

        private static void GrantAll(GrantEntry* table, Endpoint driver, byte* buffer)
        {
            fixed (byte* big = s_big)
                Grant(table, Big, driver, big, GrantFlags.Read | GrantFlags.Write, s_big.Length);
            Grant(table, Full, driver, buffer, GrantFlags.Read | GrantFlags.Write, BufferSize);
            Grant(table, ReadOnly, driver, buffer, GrantFlags.Read, BufferSize);
            Grant(table, OneSector, driver, buffer, GrantFlags.Read | GrantFlags.Write, Sector);
        }

        private static void Grant(GrantEntry* table, int index, Endpoint driver, byte* buffer, uint rights, int length) =>
            table[index] = new GrantEntry { Flags = GrantFlags.Valid | rights, Sequence = 1, Grantee = driver.Value, Address = (ulong)buffer, Length = (ulong)length };

        private static long Request(Endpoint driver, int type, long minor, long position, int grantIndex, long length) =>
            Send(driver, type, minor, position, grantIndex, length, null);

        private static long Send(Endpoint driver, int type, long minor, long position, int grantIndex, long length, Message* reply)
        {
            Message message = default;
            message.Type = type;
            DriverRequestMessage* request = DriverRequestMessage.Of(&message);
            request->Minor = minor;
            request->Position = position;
            request->Grant = GrantId.From(grantIndex, 1).Value;
            request->Length = length;
            int status = Ipc.SendRec(driver, &message);
            if (reply != null)
                *reply = message;
            if (status != Status.Ok)
                return status;
            return message.Type == DriverRequest.Reply ? DriverReplyMessage.Of(&message)->Result : DriverStatus.BadRequest;
        }

        private static void Check(string name, bool ok)
        {
            if (!ok)
                s_failures++;
            Diagnostics.Print(string.Concat("ahciclient: ", name, ok ? ": ok" : ": FAIL"));
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
