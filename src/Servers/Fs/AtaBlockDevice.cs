using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Fs.Fat;

namespace Minix3.Cosmos.Servers.Fs
{
    // The disk as the FAT engine sees it: one sector per DriverProtocol
    // request to the ata driver, copied through a grant on FS's own sector
    // buffer (read-write, to ata only). The engine's block cache sits above,
    // so the driver stays stateless. The buffer is a static array: the heap
    // never moves objects, so the address in the grant stays valid.
    internal sealed unsafe class AtaBlockDevice : IBlockDevice
    {
        private const int Sector = 512;
        private const int BufferGrant = 0;
        private const ushort GrantSequence = 1;

        private static readonly GrantEntry[] s_grants = new GrantEntry[1];
        private static readonly byte[] s_sector = new byte[Sector];

        private readonly Endpoint _ata;

        private AtaBlockDevice(Endpoint ata, long sectors)
        {
            _ata = ata;
            SectorCount = sectors;
        }

        public long SectorCount { get; }

        // Finds ata by label, grants it the buffer and asks the disk's size;
        // null (and why) if any step fails.
        public static AtaBlockDevice? Open(out string why)
        {
            Endpoint ata = Endpoints.Lookup("ata");
            if (ata.IsNone)
            {
                why = "no ata driver running";
                return null;
            }
            fixed (GrantEntry* table = s_grants)
            fixed (byte* buffer = s_sector)
            {
                table[BufferGrant] = new GrantEntry
                {
                    Flags = GrantFlags.Valid | GrantFlags.Read | GrantFlags.Write,
                    Sequence = GrantSequence,
                    Grantee = ata.Value,
                    Address = (ulong)buffer,
                    Length = Sector,
                };
                int published = Grants.Publish(table, s_grants.Length);
                if (published != Status.Ok)
                {
                    why = string.Concat("publishing the grant table failed: status ", published.ToString());
                    return null;
                }
            }
            Message message = default;
            long status = Request(ata, DriverRequest.Geometry, 0, 0, &message);
            if (status < 0 || message.Word3 != Sector)
            {
                why = string.Concat("ata geometry failed: status ", status.ToString());
                return null;
            }
            why = "";
            return new AtaBlockDevice(ata, message.Word2 / Sector);
        }

        public bool ReadSector(long lba, Span<byte> destination)
        {
            if (lba < 0 || lba >= SectorCount || destination.Length != Sector)
                return false;
            Message message = default;
            if (Request(_ata, DriverRequest.Read, lba * Sector, Sector, &message) != Sector)
                return false;
            s_sector.AsSpan().CopyTo(destination);
            return true;
        }

        public bool WriteSector(long lba, ReadOnlySpan<byte> source)
        {
            if (lba < 0 || lba >= SectorCount || source.Length != Sector)
                return false;
            source.CopyTo(s_sector.AsSpan());
            Message message = default;
            return Request(_ata, DriverRequest.Write, lba * Sector, Sector, &message) == Sector;
        }

        // Minor 0 (the whole disk); the reply's Word0 is bytes moved or a Status.
        private static long Request(Endpoint ata, int type, long position, long length, Message* message)
        {
            *message = default;
            message->Type = type;
            message->Word0 = 0;
            message->Word1 = position;
            message->Word2 = GrantId.From(BufferGrant, GrantSequence).Value;
            message->Word3 = length;
            int status = Ipc.SendRec(ata, message);
            if (status != Status.Ok)
                return status;
            return message->Type == DriverRequest.Reply ? message->Word0 : DriverStatus.BadRequest;
        }
    }
}
