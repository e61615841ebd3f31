using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Fs.Fat;

namespace Minix3.Cosmos.Servers.Fs
{
    // The disk as the FAT engine sees it, over DriverProtocol requests to
    // the ata driver, copied through grants on FS's own buffers (read-write,
    // to ata only). The engine's block cache sits above, so the driver
    // stays stateless.
    //
    // The engine asks for one sector at a time; one ATA request per sector
    // would make a file read cost a message round trip per 512 bytes. So
    // the handlers say how many sectors a request will want (Expect), and a
    // read that continues the last one (the engine asking for the sector
    // right after the last one fetched) fetches up to that many, at most
    // 64 KiB, in one request into the stream window. Scattered reads (FAT
    // and directory sectors, the first sector of a run) fetch one sector,
    // so nothing is read that nobody asked for. Writes go to the disk at
    // once, one sector each (the write-back cache above decides when), or
    // in runs straight from the caller's buffer (the driver copies from it
    // through a grant lent for the request), and update any window holding
    // those sectors, so a window never holds anything but the disk's bytes.
    // A bulk read of at least LendSectors goes straight into FS's client's
    // buffer: ata copies into it through an indirect grant on the client's
    // grant (ReadLent), so the only copy after the disk's is the driver's,
    // as for a raw read from ata. Shorter runs, and a lent read that fails,
    // go through the windows, which are handed to the sink (FS's copy to
    // its client). The buffers are static arrays: the heap never moves
    // objects, so the addresses in the grants stay valid.
    internal sealed unsafe class AtaBlockDevice : IBlockDevice, IWindowedBlockDevice
    {
        private const int Sector = 512;
        private const int SmallSectors = 1;
        private const int StreamSectors = FileSystemLimits.MaxTransfer / Sector;
        private const int SectorGrant = 0, SmallGrant = 1, StreamGrant = 2, BulkWriteGrant = 3, LentReadGrant = 4;
        private const ushort GrantSequence = 1;

        // The shortest run read straight into the client's buffer. Below
        // it the stream window's read-ahead serves several small reads
        // with one request to ata, which costs more than copying them.
        private const int LendSectors = StreamSectors / 2;

        private static readonly GrantEntry[] s_grants = new GrantEntry[5];
        private static readonly byte[] s_sector = new byte[Sector];
        private static readonly byte[] s_small = new byte[SmallSectors * Sector];
        private static readonly byte[] s_stream = new byte[StreamSectors * Sector];

        private Endpoint _ata = Endpoint.None;
        private readonly Window _small = new Window(s_small, SmallGrant);
        private readonly Window _stream = new Window(s_stream, StreamGrant);

        private AtaBlockDevice() { }

        // 0 until Attach has asked the driver.
        public long SectorCount { get; private set; }

        // Sectors ata was asked for, and the requests that took.
        public long SectorsRead { get; private set; }
        public long ReadRequests { get; private set; }

        // Whether a request whose driver died waits (bounded) for the
        // successor RS is starting, or fails at once unless one runs
        // already: FS's requests wait; a mount tried because DS said ata
        // changed does not (the next change tries again).
        public bool Patient { get; set; } = true;

        // The last request failed for want of a driver: none answered it
        // (DriverMissing), because RS has stopped ata (DriverDown) or none
        // came back in time. Both false once a driver answers.
        public bool DriverMissing { get; private set; }
        public bool DriverDown { get; private set; }

        // Before a request of FS's own: what the last one said no longer counts.
        public void ForgetMissing() => DriverMissing = DriverDown = false;

        public string MissingText => DriverDown ? string.Concat("the disk driver ", AtaRestarts.Label, " is down (rs stopped it)")
            : string.Concat("the disk driver ", AtaRestarts.Label, " did not answer");

        // Sectors the current FS request may still read ahead.
        private long _budget;

        // The current request will read about `bytes` of file data: that
        // many sectors (and one more for a start inside a sector) may be
        // fetched ahead once the reads turn out sequential.
        public void Expect(long bytes) => _budget = bytes <= 0 ? 0 : bytes / Sector + 2;

        // FS's one disk: publishes the grant table on FS's buffers, whose
        // grantee is set when a driver is found; null (and why) if the
        // kernel refuses the table.
        public static AtaBlockDevice? Create(out string why)
        {
            fixed (GrantEntry* table = s_grants)
            fixed (byte* sector = s_sector)
            fixed (byte* small = s_small)
            fixed (byte* stream = s_stream)
            {
                table[SectorGrant] = Entry(Endpoint.None, sector, s_sector.Length);
                table[SmallGrant] = Entry(Endpoint.None, small, s_small.Length);
                table[StreamGrant] = Entry(Endpoint.None, stream, s_stream.Length);
                table[BulkWriteGrant] = Entry(Endpoint.None, null, 0);   // lent per bulk write
                table[BulkWriteGrant].Flags = GrantFlags.Valid | GrantFlags.Read;   // the driver only reads it
                table[LentReadGrant] = new GrantEntry { Sequence = GrantSequence };   // set per lent read (ReadLent)
                int published = Grants.Publish(table, s_grants.Length);
                if (published != Status.Ok)
                {
                    why = string.Concat("publishing the grant table failed: status ", published.ToString());
                    return null;
                }
            }
            why = "";
            return new AtaBlockDevice();
        }

        // Asks the disk's size, like any request: found by label, repeated
        // on the driver's successor if it dies, waiting for one if Patient.
        // False (and why) when no driver answers or the disk is not one of
        // 512-byte sectors. The windows are emptied: a mount starts afresh.
        public bool Attach(out string why)
        {
            _small.Count = 0;
            _stream.Count = 0;
            Message message = default;
            long status = Request(DriverRequest.Geometry, SectorGrant, 0, 0, &message);
            if (status < 0)
            {
                why = DriverMissing ? MissingText : string.Concat(AtaRestarts.Label, " geometry failed: status ", status.ToString());
                return false;
            }
            DriverReplyMessage* geometry = DriverReplyMessage.Of(&message);
            if (geometry->BlockSize != Sector || geometry->DeviceSize < Sector)
            {
                why = string.Concat(AtaRestarts.Label, " reports ", geometry->DeviceSize.ToString(), " bytes in sectors of ", geometry->BlockSize.ToString());
                return false;
            }
            SectorCount = geometry->DeviceSize / Sector;
            why = "";
            return true;
        }

        public bool ReadSector(long lba, Span<byte> destination)
        {
            if (lba < 0 || lba >= SectorCount || destination.Length != Sector)
                return false;
            Window? window = Holding(lba);
            if (window == null)
                return false;
            window.Buffer.AsSpan((int)(lba - window.First) * Sector, Sector).CopyTo(destination);
            return true;
        }

        // A run goes out of the windows in as few copies as they allow: one
        // per window fill, not one per sector.
        public bool ReadSectors(long lba, int count, Span<byte> destination)
        {
            if (lba < 0 || count < 0 || count > SectorCount - lba || destination.Length != count * Sector)
                return false;
            int done = 0;
            while (done < count)
            {
                long at = lba + done;
                Window? window = Holding(at);
                if (window == null)
                    return false;
                int available = (int)(window.End - at);
                int take = available < count - done ? available : count - done;
                window.Buffer.AsSpan((int)(at - window.First) * Sector, take * Sector).CopyTo(destination.Slice(done * Sector, take * Sector));
                done += take;
            }
            return true;
        }

        // ReadSectors handing the bytes to sink (IWindowedBlockDevice): a
        // long run for a client's grant straight from the driver, the rest
        // out of the windows.
        public bool ReadSectors(long lba, int count, IReadSink sink, int at)
        {
            if (lba < 0 || count < 0 || count > SectorCount - lba)
                return false;
            if (count >= LendSectors && sink is GrantSink client && ReadLent(lba, count, client, at))
                return true;
            int done = 0;
            while (done < count)
            {
                long first = lba + done;
                Window? window = Holding(first);
                if (window == null)
                    return false;
                int available = (int)(window.End - first);
                int take = available < count - done ? available : count - done;
                if (!sink.Put(at + done * Sector, new ReadOnlySpan<byte>(window.Buffer, (int)(first - window.First) * Sector, take * Sector)))
                    return false;
                done += take;
            }
            return true;
        }

        // One request that has ata copy the run into the client's grant at
        // `at`, through LentReadGrant: an indirect grant on it (the kernel
        // checks the whole chain, user to VFS to FS to ata, on every copy),
        // valid for this request only. Any failure returns false and the
        // caller reads through the windows instead, where a driver that
        // died is waited for and a reply out of protocol complained about,
        // and where a copy the client's grant refuses becomes the sink's
        // status: a client's bad buffer is never taken for ata's fault.
        private bool ReadLent(long lba, int count, GrantSink client, int at)
        {
            if (_ata.IsNone || client.Status != Status.Ok)
                return false;
            long bytes = (long)count * Sector;
            ref GrantEntry lent = ref s_grants[LentReadGrant];
            lent.Grantee = _ata.Value;
            lent.Owner = client.Client.Value;
            lent.Referenced = client.Grant.Value;
            lent.ReferencedOffset = (uint)at;
            lent.Length = (ulong)bytes;
            lent.Flags = GrantFlags.Valid | GrantFlags.Indirect | GrantFlags.Write;
            Message message = default;
            long result = Send(_ata, DriverRequest.Read, LentReadGrant, lba * Sector, bytes, &message, out int breach);
            lent.Flags = 0;
            if (breach != AtaReplies.Good || result != bytes)
                return false;
            ReadRequests++;
            SectorsRead += count;
            return true;
        }

        // The window holding lba, fetching it first if neither does; null
        // if the fetch failed.
        private Window? Holding(long lba)
        {
            if (!_stream.Holds(lba) && !_small.Holds(lba))
            {
                bool sequential = (_stream.Count > 0 && lba == _stream.End) || (_small.Count > 0 && lba == _small.End);
                bool filled = sequential && _budget > 1
                    ? Fill(_stream, lba, _budget < StreamSectors ? (int)_budget : StreamSectors)
                    : Fill(_small, lba, SmallSectors);
                if (!filled)
                    return null;
            }
            return _stream.Holds(lba) ? _stream : _small;
        }

        public bool WriteSector(long lba, ReadOnlySpan<byte> source)
        {
            if (lba < 0 || lba >= SectorCount || source.Length != Sector)
                return false;
            source.CopyTo(s_sector.AsSpan());
            Message message = default;
            bool written = Request(DriverRequest.Write, SectorGrant, lba * Sector, Sector, &message) == Sector;
            // The windows follow the disk: the new bytes if the write
            // succeeded, nothing of that sector if it did not.
            _stream.Written(lba, written ? source : default);
            _small.Written(lba, written ? source : default);
            return written;
        }

        // A run of whole sectors in requests of up to 64 KiB (a bulk file
        // write; BlockCache.WriteThrough). The driver copies each piece
        // straight from source through the bulk-write grant, pointed at it
        // for the request and parked (empty) after, so no copy is made
        // here; windows holding those sectors are updated like WriteSector's.
        public bool WriteSectors(long lba, int count, ReadOnlySpan<byte> source)
        {
            if (lba < 0 || count < 0 || count > SectorCount - lba || source.Length != count * Sector)
                return false;
            int done = 0;
            while (done < count)
            {
                int take = count - done < StreamSectors ? count - done : StreamSectors;
                ReadOnlySpan<byte> piece = source.Slice(done * Sector, take * Sector);
                Message message = default;
                long bytes = (long)take * Sector;
                bool written;
                fixed (byte* lent = piece)
                {
                    s_grants[BulkWriteGrant].Address = (ulong)lent;
                    s_grants[BulkWriteGrant].Length = (ulong)bytes;
                    written = Request(DriverRequest.Write, BulkWriteGrant, (lba + done) * Sector, bytes, &message) == bytes;
                    s_grants[BulkWriteGrant].Length = 0;
                }
                for (int i = 0; i < take; i++)
                {
                    ReadOnlySpan<byte> one = written ? piece.Slice(i * Sector, Sector) : default;
                    _stream.Written(lba + done + i, one);
                    _small.Written(lba + done + i, one);
                }
                if (!written)
                    return false;
                done += take;
            }
            return true;
        }

        // Reads `sectors` (clamped to the window and the disk) from lba into
        // the window in one request; the window is empty if it fails.
        private bool Fill(Window window, long lba, int sectors)
        {
            int capacity = window.Buffer.Length / Sector;
            if (sectors > capacity)
                sectors = capacity;
            if (sectors > SectorCount - lba)
                sectors = (int)(SectorCount - lba);
            window.Count = 0;
            Message message = default;
            long bytes = (long)sectors * Sector;
            ReadRequests++;
            if (Request(DriverRequest.Read, window.Grant, lba * Sector, bytes, &message) != bytes)
                return false;
            SectorsRead += sectors;
            _budget = _budget > sectors ? _budget - sectors : 0;
            window.First = lba;
            window.Count = sectors;
            return true;
        }

        private static GrantEntry Entry(Endpoint ata, byte* buffer, int length) => new GrantEntry
        {
            Flags = GrantFlags.Valid | GrantFlags.Read | GrantFlags.Write,
            Sequence = GrantSequence,
            Grantee = ata.Value,
            Address = (ulong)buffer,
            Length = (ulong)length,
        };

        // Restarts of ata this device went through (found a successor).
        public int Reconnects { get; private set; }

        // Complaints FS made about ata breaking protocol.
        public int Complaints { get; private set; }

        // A request that finds ata dead (it crashed before or during the
        // request, or none was found yet) goes to its successor: reads and
        // writes of whole sectors and the geometry query are idempotent,
        // so the file system above never sees the crash. While none runs,
        // the request waits for the one RS is starting (Patient; at most
        // AtaRestarts.MaxWaitMs in all, however many instances die under
        // it), and fails at once when RS has stopped ata (down in DS). A
        // reply that breaks protocol (AtaReplies) is not believed: FS
        // complains to RS, which replaces ata, and the request goes again
        // to the new instance, like after a crash. One complaint per
        // request: a second bad reply fails it (I/O error), so a driver
        // that keeps breaking protocol cannot hold FS in a loop (RS's
        // restart limit deals with the driver).
        private long Request(int type, int grant, long position, long length, Message* message)
        {
            bool complained = false;
            int waitedMs = 0;
            DriverMissing = DriverDown = false;
            while (true)
            {
                if (!_ata.IsNone)
                {
                    long result = Send(_ata, type, grant, position, length, message, out int breach);
                    if (breach != AtaReplies.Good)
                    {
                        if (complained || !Complain(breach))
                            return DriverStatus.IoError;
                        complained = true;
                    }
                    else if (result != Status.DeadEndpoint)
                    {
                        return result;
                    }
                }
                if (!Reconnect(ref waitedMs))
                    return DriverStatus.IoError;
            }
        }

        // The driver is gone (or not found yet): take its successor, or
        // record why there is none.
        private bool Reconnect(ref int waitedMs)
        {
            Successor next = AtaRestarts.Await(_ata, Patient ? AtaRestarts.MaxWaitMs : 0, ref waitedMs, out Endpoint found);
            if (next == Successor.Found)
            {
                AtaRestarts.Repoint(s_grants, found);
                if (!_ata.IsNone)
                {
                    Reconnects++;
                    Diagnostics.Print(string.Concat("fs: ", AtaRestarts.Label, " came back as endpoint ", found.Value.ToString(), "; repeating the request"));
                }
                _ata = found;
                _saidDown = false;
                return true;
            }
            DriverMissing = true;
            DriverDown = next == Successor.Down;
            if (next == Successor.Down && !_saidDown)
                Diagnostics.Print(string.Concat("fs: ", AtaRestarts.Label, " is down (rs stopped it); its requests fail at once until it is started again"));
            else if (next == Successor.NotBack && Patient)
                Diagnostics.Print(string.Concat("fs: ", AtaRestarts.Label, " did not come back; the request fails"));
            _saidDown = next == Successor.Down;
            return false;
        }

        private bool _saidDown;

        // True when RS took the complaint (and so will start a new ata).
        private bool Complain(int breach)
        {
            Complaints++;
            int status = Reincarnation.Complain(AtaRestarts.Label, breach);
            Diagnostics.Print(string.Concat(breach == AtaReplies.NoAnswer ? "fs: " + AtaRestarts.Label + " did not answer a request within " + AtaExchange.DeadlineMs.ToString() + " ms"
                : "fs: " + AtaRestarts.Label + " broke protocol (" + breach.ToString() + ")", "; complained to rs: status ", status.ToString()));
            return status == Status.Ok;
        }

        // Minor 0 (the whole disk); the reply's Result is bytes moved or a
        // Status. breach: AtaReplies.Good, or how the reply broke protocol
        // (the result is then an I/O error).
        private static long Send(Endpoint ata, int type, int grant, long position, long length, Message* message, out int breach)
        {
            breach = AtaReplies.Good;
            *message = default;
            message->Type = type;
            DriverRequestMessage* request = DriverRequestMessage.Of(message);
            request->Minor = 0;
            request->Position = position;
            request->Grant = GrantId.From(grant, GrantSequence).Value;
            request->Length = length;
            int status = AtaExchange.Ask(ata, message);
            if (status == AnswerWait.NoAnswer)
            {
                breach = AtaReplies.NoAnswer;
                return DriverStatus.IoError;
            }
            if (status != Status.Ok)
                return status;
            breach = AtaReplies.Check(type, 0, length, message);
            return breach == AtaReplies.Good ? DriverReplyMessage.Of(message)->Result : DriverStatus.IoError;
        }

        // A run of consecutive sectors as the disk held them when read.
        private sealed class Window
        {
            public Window(byte[] buffer, int grant)
            {
                Buffer = buffer;
                Grant = grant;
            }

            public byte[] Buffer { get; }
            public int Grant { get; }
            public long First { get; set; }
            public int Count { get; set; }
            public long End => First + Count;

            public bool Holds(long lba) => Count > 0 && lba >= First && lba < End;

            // A sector was written: keep its new bytes, or (an empty source:
            // the write failed, the disk's bytes are unknown) forget the window.
            public void Written(long lba, ReadOnlySpan<byte> source)
            {
                if (!Holds(lba))
                    return;
                if (source.Length == 0)
                    Count = 0;
                else
                    source.CopyTo(Buffer.AsSpan((int)(lba - First) * Sector, Sector));
            }
        }
    }
}
