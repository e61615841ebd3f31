using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Pci.Bus;

namespace Minix3.Cosmos.Servers.Pci
{
    // One method per request (PciMessages.cs). Each returns the reply's
    // status; a refusal changes nothing and is logged with the requester's
    // label (the kernel's name for it, which it cannot forge).
    internal sealed unsafe class Server
    {
        private const ulong PageMask = 4095;

        private readonly IConfigSpace _space;
        private readonly List<PciFunction> _devices;
        private readonly StateStore _state = new StateStore("pci");

        public Server(IConfigSpace space, List<PciFunction> devices)
        {
            _space = space;
            _devices = devices;
        }

        // Who holds what is kept in DS ("pci.owner.<address>": the holder's
        // endpoint), so a restarted pci does not hand a held device to a
        // second driver. A holder that ended meanwhile leaves its device
        // free, as it would have with the old pci.
        public void TakeBackOwners()
        {
            for (int i = 0; i < _devices.Count; i++)
            {
                PciFunction device = _devices[i];
                if (_state.RestoreNumber(OwnerKey(device), out uint owner) != Status.Ok || owner == 0
                    || !Endpoints.Describe((int)owner, out ProcessInfo holder))
                    continue;
                device.Owner = (int)owner;
                device.OwnerLabel = holder.LabelText();
                Diagnostics.Print(string.Concat("pci: ", Name(device.Address), " is still held by ", device.OwnerLabel));
            }
        }

        private static string OwnerKey(PciFunction device) => "owner." + device.Address.ToString("x4");

        public int Handle(Message* request, Message* reply)
        {
            int source = request->Source;
            switch (request->Type)
            {
                case PciRequest.Claim:
                    return Claim(source, PciClaimRequest.Of(request), PciDeviceReply.Of(reply));
                case PciRequest.Bar:
                    return Bar(source, PciBarRequest.Of(request), PciBarReply.Of(reply));
                case PciRequest.ConfigRead:
                case PciRequest.ConfigWrite:
                    return Config(source, request->Type == PciRequest.ConfigWrite, PciConfigRequest.Of(request), PciConfigRequest.Of(reply));
                default:
                    return Status.BadArgument;
            }
        }

        private int Claim(int requester, PciClaimRequest* request, PciDeviceReply* reply)
        {
            string label = Endpoints.LabelOf(requester);
            string asked = request->Vendor == 0 && request->Device == 0 ? "any device of its policy"
                : string.Concat(request->Vendor.ToString("x4"), ":", request->Device.ToString("x4"));
            uint* ids = stackalloc uint[PciPolicyReply.MaxIds];
            int count = PolicyOf(requester, ids);
            if (count < 0)
                return Refuse(label, string.Concat(asked, ": RS has no policy for it"), PciStatus.NoAuthority);
            int status = Claims.Find(_devices, new System.ReadOnlySpan<uint>(ids, count), request->Vendor, request->Device, request->Index, out PciFunction? device);
            if (status == PciStatus.NotInPolicy)
                return Refuse(label, string.Concat(asked, " is not in its policy"), status);
            if (status != Status.Ok || device == null)
                return Refuse(label, string.Concat(asked, status == PciStatus.NoDevice ? ": no such device" : ": bad request"), status);
            string where = string.Concat(asked, " at ", Name(device.Address));
            if (!Claims.MayTake(device, requester, Alive))
                return Refuse(label, string.Concat(where, " is held by ", device.OwnerLabel), PciStatus.Taken);
            if (device.Owner != requester)
            {
                if ((status = Confine(device, requester)) != Status.Ok)
                    return Refuse(label, string.Concat(where, ": iommu could not give it a domain (status ", status.ToString(), ")"), status);
                if ((status = Grant(device, requester)) != Status.Ok)
                    return Refuse(label, string.Concat(where, ": its record cannot take the device's ranges (status ", status.ToString(), ")"), PciStatus.Full);
                bool again = device.OwnerLabel == label;
                device.Owner = requester;
                device.OwnerLabel = label;
                _state.SaveNumber(OwnerKey(device), (uint)requester);   // without DS, only this pci remembers
                Enable(device);
                Diagnostics.Print(string.Concat("pci: ", Name(device.Address), " ", device.Vendor.ToString("x4"), ":", device.Device.ToString("x4"),
                    again ? " claimed again by " : " claimed by ", label));
            }
            reply->Address = device.Address;
            reply->Vendor = device.Vendor;
            reply->Device = device.Device;
            reply->Class = device.Class;
            reply->Revision = device.Revision;
            reply->Irq = device.Irq < 0 ? PciDeviceReply.NoIrq : (byte)device.Irq;
            reply->BarMask = device.BarMask;
            return Status.Ok;
        }

        // Before bus mastering goes on: iommu gives the device its own
        // translation domain, emptied of any previous holder's memory
        // (src/Lib/Ipc/IommuMessages.cs). A system without iommu (a test
        // image that leaves it out) is said once, not hidden.
        private bool _noIommuSaid;

        private int Confine(PciFunction device, int requester)
        {
            if (!IommuClient.Present)
            {
                if (!_noIommuSaid)
                    Diagnostics.Print("pci: no iommu in this system: the devices' DMA is unconfined");
                _noIommuSaid = true;
                return Status.Ok;
            }
            return IommuClient.Assign(device.Address, requester, out _);
        }

        // The kernel adds each assigned BAR (memory in whole pages, as
        // vm maps it) and the line to the driver's record.
        private static int Grant(PciFunction device, int driver)
        {
            int status = Status.Ok;
            for (int i = 0; i < PciFunction.MaxBars && status == Status.Ok; i++)
            {
                Bus.Bar bar = device.Bars[i];
                if (!bar.Assigned || bar.Size == 0)
                    continue;
                if (bar.Kind == PciBarKind.Io)
                    status = Add(driver, PrivAddMessage.Io, bar.Base, bar.Base + bar.Size - 1);
                else
                    status = Add(driver, PrivAddMessage.Memory, bar.Base & ~PageMask, ((bar.Base + bar.Size + PageMask) & ~PageMask) - 1);
            }
            if (status == Status.Ok && device.Irq >= 0)
                status = Add(driver, PrivAddMessage.Irq, (ulong)device.Irq, (ulong)device.Irq);
            return status;
        }

        private static int Add(int target, int kind, ulong first, ulong last)
        {
            Message message = default;
            PrivAddMessage* request = PrivAddMessage.Of(&message);
            request->Target = target;
            request->Kind = kind;
            request->First = first;
            request->Last = last;
            return Ipc.KernelCall(KernelCall.PrivAdd, &message);
        }

        // Decoding of what the device has, and bus mastering (its DMA).
        private void Enable(PciFunction device)
        {
            uint command = _space.Read(device.Address, Header.Command, 2);
            for (int i = 0; i < PciFunction.MaxBars; i++)
            {
                if (device.Bars[i].Present)
                    command |= device.Bars[i].Kind == PciBarKind.Io ? Header.CommandIo : Header.CommandMemory;
            }
            _space.Write(device.Address, Header.Command, 2, command | Header.CommandBusMaster);
        }

        private int Bar(int requester, PciBarRequest* request, PciBarReply* reply)
        {
            PciFunction? device = Owned(requester, request->Address, "bar", out int status);
            if (device == null)
                return status;
            if ((uint)request->Index >= PciFunction.MaxBars)
                return Status.BadArgument;
            Bus.Bar bar = device.Bars[request->Index];
            if (!bar.Present)
                return PciStatus.NoDevice;
            reply->Base = bar.Base;
            reply->Size = bar.Size;
            reply->Kind = bar.Kind;
            reply->Flags = bar.Flags;
            return Status.Ok;
        }

        private int Config(int requester, bool write, PciConfigRequest* request, PciConfigRequest* reply)
        {
            PciFunction? device = Owned(requester, request->Address, write ? "config write" : "config read", out int status);
            if (device == null)
                return status;
            int offset = request->Offset, width = request->Width;
            if (!ConfigAddress.Valid(offset, width))
                return Status.BadArgument;
            if (!write)
            {
                uint value = _space.Read(device.Address, offset, width);
                *reply = *request;
                reply->Value = value;
                return Status.Ok;
            }
            if (!Claims.MayWrite(device, offset, width))
                return Refuse(Endpoints.LabelOf(requester), string.Concat("config write of 0x", offset.ToString("x2"), " of ", Name(device.Address), ": pci keeps that register"), PciStatus.ReadOnly);
            _space.Write(device.Address, offset, width, request->Value);
            return Status.Ok;
        }

        // The device at `address` if the requester holds it.
        private PciFunction? Owned(int requester, int address, string what, out int status)
        {
            for (int i = 0; i < _devices.Count; i++)
            {
                if (_devices[i].Address != address)
                    continue;
                if (_devices[i].Owner == requester)
                {
                    status = Status.Ok;
                    return _devices[i];
                }
                status = Refuse(Endpoints.LabelOf(requester), string.Concat(what, " of ", Name(address), ": not its device"), PciStatus.NotOwner);
                return null;
            }
            status = Refuse(Endpoints.LabelOf(requester), string.Concat(what, " of ", Name(address), ": no such device"), PciStatus.NoDevice);
            return null;
        }

        // The requester's `pci` lines, from RS (-1: RS has no table for it).
        private static int PolicyOf(int requester, uint* ids)
        {
            Endpoint rs = Endpoints.Lookup(DataStoreKeys.ReincarnationLabel);
            if (rs == Endpoint.None)
                return -1;
            Message message = default;
            message.Type = RsRequest.PciDevices;
            PciPolicyQuery.Of(&message)->Endpoint = requester;
            if (Ipc.SendRec(rs, &message) != Status.Ok || message.Type != Status.Ok)
                return -1;
            PciPolicyReply* reply = PciPolicyReply.Of(&message);
            int count = reply->Count < 0 ? 0 : reply->Count > PciPolicyReply.MaxIds ? PciPolicyReply.MaxIds : reply->Count;
            for (int i = 0; i < count; i++)
                ids[i] = reply->Ids[i];
            return count;
        }

        private static bool Alive(int endpoint) => Endpoints.Describe(endpoint, out _);

        private static int Refuse(string label, string why, int status)
        {
            Diagnostics.Print(string.Concat("pci: refused ", label.Length == 0 ? "an unknown caller" : label, ": ", why));
            return status;
        }

        private static string Name(int address) => string.Concat(PciAddress.Bus(address).ToString("x2"), ":",
            PciAddress.Device(address).ToString("x2"), ".", PciAddress.Function(address).ToString());
    }
}
