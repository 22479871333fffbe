"""Issue 12 memory figure: a fresh process that imports only taobao_top, makes CALLS calls to the
benchmark server (URL in argv[1]) on one client, and prints its resident memory (VmRSS now and the
peak). bench.py runs it; it can also be run alone against benches/python/server.py."""

from __future__ import annotations

import resource
import sys

from taobao_top import Client, RefundNegotiatereturnRequest

CALLS = 10_000


def vm_rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main() -> None:
    client = Client(
        sys.argv[1], "12129701", "test-secret-0123", sign_method="md5", proxy=""
    )
    for _ in range(CALLS):
        request = RefundNegotiatereturnRequest(
            refund_id=112233,
            refund_version=1409231007325,
            refund_fee=12,
            address_id=112233,
            negotiate_type=17,
            refund_type=1,
            reason_id=112233,
            negotiate_text="协商方案",
            support_refuse=True,
            support_buyer_refuse=True,
            negotiate_version="newNegotiate",
        )
        assert client.execute(request, "session-0").request_id == "16ab7xbk2ngg0"
    client.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{vm_rss_kib() / 1024:.1f} {peak / 1024:.1f}")


if __name__ == "__main__":
    main()
