using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Iommu.VtD;

namespace Minix3.Cosmos.Servers.Iommu
{
    // iommu's requests (IommuMessages.cs) and its poll: the fault records,
    // and holders that ended. Each request method returns the reply's
    // status; a refusal changes nothing and is logged.
    internal sealed unsafe class Server
    {
        public const int PollMs = 50;
        private const ulong PageSize = 4096;
        private const int FaultLinesPerHolder = 3;

        private readonly RemappingUnit? _unit;
        private readonly ContextTables? _contexts;
        private readonly TablePages? _pages;
        private readonly List<DeviceDomain> _devices = new List<DeviceDomain>();

        // unit, contexts and pages are null on a machine without an IOMMU:
        // iommu then still lends DMA memory, but confines nothing.
        public Server(RemappingUnit? unit, ContextTables? contexts, TablePages? pages)
        {
            _unit = unit;
            _contexts = contexts;
            _pages = pages;
        }

        private bool Confined => _unit != null;

        public int Handle(Message* request, Message* reply) => request->Type switch
        {
            IommuRequest.Assign => Assign(request->Source, IommuAssignRequest.Of(request), IommuAssignReply.Of(reply)),
            IommuRequest.Dma => Dma(request->Source, IommuDmaRequest.Of(request), IommuDmaReply.Of(reply)),
            _ => Status.BadArgument,
        };

        private int Assign(int requester, IommuAssignRequest* request, IommuAssignReply* reply)
        {
            if (Endpoints.LabelOf(requester) != PciClient.Label)
                return Refuse(requester, "assign: only pci hands out devices", IommuStatus.NotPci);
            int address = request->Address;
            if ((uint)address > 0xFFFF || !Endpoints.Describe(request->Holder, out ProcessInfo holder))
                return Status.BadArgument;
            DeviceDomain? device = Find(address);
            if (device == null)
            {
                SecondLevelTable? table = null;
                if (Confined)
                {
                    table = new SecondLevelTable(_pages!, _unit!.Levels);
                    // Domain 0 is reserved when the unit caches absent
                    // entries (CM); ids from 1 are valid either way.
                    if (table.Root == 0 || !_contexts!.Set(address, _devices.Count + 1, table))
                        return Refuse(requester, "assign: no memory for the device's tables", Status.NoMemory);
                    _unit.InvalidateContexts();
                }
                device = new DeviceDomain(address, _devices.Count + 1, table);
                _devices.Add(device);
            }
            ReadFaults();
            if (device.Holder != 0 && device.Holder != request->Holder)
                Release(device, "handed to another instance");
            string label = holder.LabelText();
            if (device.Holder != request->Holder)
            {
                device.Holder = request->Holder;
                device.HolderLabel = label;
                device.HolderSetUp = false;
                device.Reported = false;
                device.FaultsLogged = 0;
                // Another driver never sees what this device's last one left.
                if (device.LastLabel != label)
                {
                    for (int i = 0; i < device.Runs.Count; i++)
                        device.Runs[i].Dirty = true;
                }
                device.LastLabel = label;
                Diagnostics.Print(string.Concat("iommu: ", device.Name, " handed to ", label,
                    Confined ? string.Concat(": domain ", device.DomainId.ToString(), ", ",
                        (device.Table!.MappedPages).ToString(), " pages mapped") : ": DMA unconfined (no IOMMU)"));
            }
            reply->Confined = Confined ? 1 : 0;
            return Status.Ok;
        }

        private int Dma(int requester, IommuDmaRequest* request, IommuDmaReply* reply)
        {
            DeviceDomain? device = HeldBy(requester, request->Address, out int held);
            if (device == null)
                return Refuse(requester, held == 0 ? "DMA memory: it holds no device (claim it from pci first)"
                    : "DMA memory: it holds several devices; name one", IommuStatus.NoDevice);
            long bytes = request->Bytes;
            if (bytes <= 0 || bytes > IommuLimits.MaxDma || (bytes & (long)(PageSize - 1)) != 0)
                return Status.BadArgument;
            DmaRun? run = null;
            bool fresh = false;
            long pages = 0;
            for (int i = 0; i < device.Runs.Count; i++)
            {
                DmaRun candidate = device.Runs[i];
                pages += (long)(candidate.Bytes / PageSize);
                if (run == null && !candidate.Lent && candidate.Bytes == (ulong)bytes)
                    run = candidate;
            }
            if (run == null)
            {
                if (pages + bytes / (long)PageSize > IommuLimits.MaxDevicePages)
                    return Refuse(requester, "DMA memory: its device has all it may have", IommuStatus.Exhausted);
                int status = Devices.AllocatePinned((ulong)bytes, out ulong mapped, out ulong physical);
                if (status != Status.Ok)
                    return Refuse(requester, string.Concat("DMA memory: vm gave none (", status.ToString(), ")"), status);
                run = new DmaRun { Physical = physical, Mapped = mapped, Bytes = (ulong)bytes };
                device.Runs.Add(run);
                fresh = true;
            }
            bool zeroed = fresh || run.Dirty;
            if (run.Dirty)
            {
                ulong* at = (ulong*)run.Mapped;
                for (ulong i = 0; i < run.Bytes / 8; i++)
                    at[i] = 0;
                run.Dirty = false;
            }
            // Faults the device made before this (a gap with the domain
            // empty, while its last driver's rings still ran) are read now,
            // while they are still the predecessor's: the unit records a
            // fault when it happens, the poll only reads it later.
            ReadFaults();
            if (Confined)
            {
                if (!device.Table!.Map(run.Physical, run.Physical, run.Bytes / PageSize))
                    return Refuse(requester, "DMA memory: no room for its device's tables", Status.NoMemory);
                _unit!.InvalidateTranslations();
            }
            int lent = PhysicalWindows.Lend(requester, run.Physical, run.Bytes);
            if (lent != Status.Ok)
            {
                if (Confined)
                {
                    device.Table!.Unmap(run.Physical, run.Bytes / PageSize);
                    _unit!.InvalidateTranslations();
                }
                return Refuse(requester, string.Concat("DMA memory: its record cannot take the range (", lent.ToString(), ")"), lent);
            }
            run.Lent = true;
            if (fresh)
                Diagnostics.Print(string.Concat("iommu: ", device.Name, " (", device.HolderLabel, "): ", (run.Bytes / PageSize).ToString(),
                    " pages of DMA memory at 0x", run.Physical.ToString("x")));
            device.HolderSetUp = true;
            reply->Physical = (long)run.Physical;
            reply->Zeroed = zeroed ? 1 : 0;
            return Status.Ok;
        }

        // The poll: holders that ended lose their device's mappings, and
        // each recorded fault is read, blamed and reported.
        public void Poll()
        {
            for (int i = 0; i < _devices.Count; i++)
            {
                DeviceDomain device = _devices[i];
                if (device.Holder != 0 && !Endpoints.Describe(device.Holder, out _))
                    Release(device, "ended");
            }
            ReadFaults();
        }

        private void ReadFaults()
        {
            if (_unit == null)
                return;
            while (_unit.NextFault(out FaultRecord fault))
                Blame(fault);
        }

        private void Blame(FaultRecord fault)
        {
            DeviceDomain? device = Find(fault.SourceId);
            string what = string.Concat(fault.IsRead ? "read at 0x" : "write at 0x", fault.Address.ToString("x"),
                ", reason 0x", fault.Reason.ToString("x"), " (", FaultRecord.ReasonText(fault.Reason), ")");
            string name = DeviceDomain.PciName(fault.SourceId);
            if (device == null || device.Holder == 0)
            {
                Diagnostics.Print(string.Concat("iommu: DMA fault by ", name, " (no driver holds it): ", what, "; blocked"));
                return;
            }
            if (!device.HolderSetUp)
            {
                // Still running on what a dead predecessor programmed.
                if (device.FaultsLogged++ < FaultLinesPerHolder)
                    Diagnostics.Print(string.Concat("iommu: DMA fault by ", name, " before ", device.HolderLabel,
                        " set it up (its predecessor's DMA): ", what, "; blocked, not blamed"));
                return;
            }
            if (device.Reported)
            {
                if (device.FaultsLogged++ < FaultLinesPerHolder)
                    Diagnostics.Print(string.Concat("iommu: DMA fault by ", name, " (", device.HolderLabel, "): ", what, "; blocked, already reported"));
                return;
            }
            device.Reported = true;
            device.FaultsLogged++;
            int status = Reincarnation.Complain(device.HolderLabel, RsComplaint.DmaFault);
            Diagnostics.Print(string.Concat("iommu: DMA fault by ", name, " (", device.HolderLabel, "): ", what,
                "; blocked; reported to rs: status ", status.ToString()));
        }

        // The device's holder ended or is replaced: its runs leave the
        // domain (and the unit's caches) before anyone else is served.
        private void Release(DeviceDomain device, string why)
        {
            ulong pages = 0;
            for (int i = 0; i < device.Runs.Count; i++)
            {
                DmaRun run = device.Runs[i];
                if (!run.Lent)
                    continue;
                run.Lent = false;
                pages += run.Bytes / PageSize;
                device.Table?.Unmap(run.Physical, run.Bytes / PageSize);
            }
            if (Confined)
                _unit!.InvalidateTranslations();
            Diagnostics.Print(string.Concat("iommu: ", device.HolderLabel, " ", why, ": ", device.Name,
                Confined ? string.Concat("'s domain emptied (", pages.ToString(), " pages unmapped)") : string.Concat(" keeps its ", pages.ToString(), " pages for its next driver")));
            device.Holder = 0;
            device.HolderSetUp = false;
        }

        private DeviceDomain? Find(int address)
        {
            for (int i = 0; i < _devices.Count; i++)
            {
                if (_devices[i].Address == address)
                    return _devices[i];
            }
            return null;
        }

        private DeviceDomain? HeldBy(int holder, int address, out int held)
        {
            DeviceDomain? found = null;
            held = 0;
            for (int i = 0; i < _devices.Count; i++)
            {
                if (_devices[i].Holder != holder)
                    continue;
                held++;
                if (address == IommuDmaRequest.OnlyDevice || _devices[i].Address == address)
                    found = _devices[i];
            }
            return address == IommuDmaRequest.OnlyDevice && held > 1 ? null : found;
        }

        private static int Refuse(int requester, string why, int status)
        {
            Diagnostics.Print(string.Concat("iommu: refused ", Endpoints.LabelOf(requester), ": ", why));
            return status;
        }
    }
}
