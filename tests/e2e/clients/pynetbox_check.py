#!/usr/bin/python3
"""pynetbox against Proxbox's NetBox-shaped API (driven by tests/e2e/clients.e2e.ts).

Usage: /usr/bin/python3 pynetbox_check.py < expectations.json

The input is one JSON object: {"url": ..., "token": ..., "expected": {...}}. The expectations
come from the TypeScript test, which read them from the API over plain HTTP, so pynetbox is
compared with ground truth rather than with itself. Every check is recorded as
{"expected": ..., "actual": ..., "ok": bool}; the summary (one JSON object) is printed on the
last line of stdout. Exit code 0 when every check passed, 1 when one failed, 2 when the script
itself broke (the traceback is on stderr).

Written for Debian's python3-pynetbox 7.0.0 (which has no `nb.core` app: the change log is read
through pynetbox's own App class, exactly how 7.0 builds every app).
"""
import json
import sys
import traceback

import pynetbox
from pynetbox.core.app import App

PAGE = 7  # small page size: 60 VMs take 9 pages


def main():
    spec = json.load(sys.stdin)
    exp = spec["expected"]
    nb = pynetbox.api(spec["url"], token=spec["token"])
    nb_threaded = pynetbox.api(spec["url"], token=spec["token"], threading=True)
    checks = {}
    summary = {"pynetbox_version": pynetbox.__version__, "checks": checks}

    def check(name, actual, expected):
        checks[name] = {"expected": expected, "actual": actual, "ok": actual == expected}

    vms = nb.virtualization.virtual_machines
    devices = nb.dcim.devices

    # --- status -------------------------------------------------------------------------------
    status = nb.status()
    check("status_has_netbox_version", isinstance(status, dict) and "netbox-version" in status, True)

    # --- pagination ---------------------------------------------------------------------------
    # limit=7: the first request asks for limit=7, the second for limit=7&offset=7, and the rest
    # follow the server's `next` links. Order must be the API's default order with no gaps or
    # duplicates, so the ids are compared as an ordered list.
    paged = [vm.id for vm in vms.filter(limit=PAGE)]
    check("paged_ids_in_order", paged, exp["vm_ids_ordered"])
    # The default (no limit): pynetbox sends limit=0 ("all", clamped to the server's maximum).
    check("all_ids_in_order", [vm.id for vm in vms.all()], exp["vm_ids_ordered"])
    # Threaded mode fetches pages 2.. concurrently by offset (order is then not defined).
    threaded = [vm.id for vm in nb_threaded.virtualization.virtual_machines.filter(limit=PAGE)]
    check("threaded_ids_sorted", sorted(threaded), sorted(exp["vm_ids_ordered"]))
    check("threaded_no_duplicates", len(threaded) == len(set(threaded)), True)
    check("count", vms.count(), exp["vm_total"])
    rs = vms.filter(limit=PAGE)
    check("recordset_len", len(rs), exp["vm_total"])

    # --- filters ------------------------------------------------------------------------------
    def ids(records):
        return sorted(r.id for r in records)

    check("filter_cluster", ids(vms.filter(cluster=exp["cluster_name"], limit=PAGE)), exp["cluster_vm_ids"])
    check("filter_cluster_id", ids(vms.filter(cluster_id=exp["cluster_id"], limit=PAGE)), exp["cluster_vm_ids"])
    check("count_cluster", vms.count(cluster=exp["cluster_name"]), len(exp["cluster_vm_ids"]))
    check("filter_status_active", ids(vms.filter(status="active", limit=PAGE)), exp["active_vm_ids"])
    check("filter_cf_vmid", ids(vms.filter(cf_proxmox_vm_id=exp["vmid"])), exp["vmid_vm_ids"])
    check(
        "filter_cf_vmid_and_cluster",
        ids(vms.filter(cf_proxmox_vm_id=exp["vmid"], cluster=exp["cluster_name"])),
        exp["vmid_cluster_vm_ids"],
    )
    # A list value repeats the parameter: OR.
    check(
        "filter_status_or",
        ids(vms.filter(status=["active", "offline"], limit=PAGE)),
        exp["active_or_offline_vm_ids"],
    )

    # --- single objects -----------------------------------------------------------------------
    one = vms.get(exp["detail"]["id"])
    check(
        "get_by_id",
        None if one is None else {"id": one.id, "name": one.name, "cluster": one.cluster.name, "status": one.status.value},
        exp["detail"],
    )
    dup = exp["duplicate"]
    got = vms.get(name=dup["name"], cluster=dup["cluster"])
    check("get_by_name_and_cluster", None if got is None else got.id, dup["id"])
    try:
        vms.get(name=dup["name"])
        ambiguous = "no error"
    except ValueError:
        ambiguous = "ValueError"
    check("get_by_ambiguous_name", ambiguous, "ValueError" if dup["name_count"] > 1 else "no error")
    check("get_missing_id", vms.get(exp["missing_vm_id"]), None)

    # --- devices and IP addresses -------------------------------------------------------------
    check("devices_role_proxmox_node", ids(devices.filter(role="proxmox-node")), exp["node_device_ids"])
    ips = list(nb.ipam.ip_addresses.filter(virtual_machine_id=exp["ip_vm_id"]))
    check("ip_addresses_of_vm", sorted([ip.id, ip.address] for ip in ips), exp["ip_vm_addresses"])
    check(
        "ip_assigned_vm",
        sorted({ip.assigned_object.virtual_machine.id for ip in ips if ip.assigned_object}),
        [exp["ip_vm_id"]],
    )

    # --- plugin models ------------------------------------------------------------------------
    clusters = nb.plugins.proxbox.proxmox_clusters.all()
    check("plugin_proxmox_clusters", sorted([c.id, c.name] for c in clusters), exp["proxmox_clusters"])
    backups = nb.plugins.proxbox.backups
    check(
        "plugin_backups_of_vm",
        ids(backups.filter(virtual_machine_id=exp["backup_vm_id"])),
        exp["backup_ids"],
    )
    check("plugin_backups_count", backups.count(), exp["backup_total"])

    # --- writes and the change log ------------------------------------------------------------
    core = App(nb, "core")
    summary["writes"] = {}
    for label, endpoint, object_type, extra in (
        ("tag", nb.extras.tags, "extras.tag", {"color": "00aa00"}),
        ("tenant", nb.tenancy.tenants, "tenancy.tenant", {}),
    ):
        name = "{}-{}".format(exp["write_prefix"], label)
        created = endpoint.create(name=name, slug=name, **extra)
        obj_id = created.id
        check(label + "_created", {"name": created.name, "slug": created.slug}, {"name": name, "slug": name})
        created.description = "first edit"
        check(label + "_save", created.save(), True)
        check(label + "_update", created.update({"comments": "second edit"} if label == "tenant" else {"color": "aa0000"}), True)
        fresh = endpoint.get(obj_id)
        check(
            label + "_read_back",
            {"description": fresh.description, "second": fresh.comments if label == "tenant" else fresh.color},
            {"description": "first edit", "second": "second edit" if label == "tenant" else "aa0000"},
        )
        check(label + "_delete", fresh.delete(), True)
        check(label + "_gone", endpoint.get(obj_id), None)

        # Records turn nested dicts (the snapshots) into Records; dict() gives the JSON back.
        changes = [dict(c) for c in core.object_changes.filter(changed_object_type=object_type, changed_object_id=obj_id)]
        check(label + "_changelog_actions", [c["action"]["value"] for c in changes], ["delete", "update", "update", "create"])
        by_action = {}
        for change in changes:
            by_action.setdefault(change["action"]["value"], []).append(change)
        create, delete = by_action["create"][0], by_action["delete"][0]
        first_update = by_action["update"][-1]  # newest first: the last one is the first update
        check(
            label + "_changelog_data",
            {
                "create_pre": create["prechange_data"],
                "create_post_name": (create["postchange_data"] or {}).get("name"),
                "update_pre_description": (first_update["prechange_data"] or {}).get("description"),
                "update_post_description": (first_update["postchange_data"] or {}).get("description"),
                "delete_pre_name": (delete["prechange_data"] or {}).get("name"),
                "delete_post": delete["postchange_data"],
                "object_repr": sorted({c["object_repr"] for c in changes}),
                "changed_object_type": sorted({c["changed_object_type"] for c in changes}),
            },
            {
                "create_pre": None,
                "create_post_name": name,
                "update_pre_description": "",
                "update_post_description": "first edit",
                "delete_pre_name": name,
                "delete_post": None,
                "object_repr": [name],
                "changed_object_type": [object_type],
            },
        )
        summary["writes"][label] = {"id": obj_id, "changes": len(changes)}

    summary["failed"] = sorted(name for name, c in checks.items() if not c["ok"])
    print(json.dumps(summary, sort_keys=True))
    return 1 if summary["failed"] else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:  # pragma: no cover - reported to the TypeScript test through stderr
        traceback.print_exc()
        sys.exit(2)
