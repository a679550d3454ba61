#!/usr/bin/env python3
"""Sign in to a running Sightline (password + TOTP) and print the session
cookie, for load tests and manual checks. Standard library only.

usage: signin.py BASE_URL USERNAME PASSWORD TOTP_SECRET
"""
import base64, hashlib, hmac, http.client, re, struct, sys, time, urllib.parse


def totp(secret, t=None):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    step = int((t or time.time()) // 30)
    h = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    o = h[-1] & 15
    return "%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


def request(conn, method, path, cookie="", form=None):
    headers = {}
    if cookie:
        headers["Cookie"] = cookie
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    r = conn.getresponse()
    data = r.read().decode()
    cookies = {}
    for k, v in r.getheaders():
        if k.lower() == "set-cookie":
            name, _, rest = v.partition("=")
            cookies[name] = rest.split(";")[0]
    return r.status, data, cookies


def sign_in(base, user, password, secret):
    u = urllib.parse.urlparse(base)
    conn = http.client.HTTPConnection(u.hostname, u.port)
    _, page, c = request(conn, "GET", "/sign-in")
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    st, _, c2 = request(conn, "POST", "/sign-in", "sightline_signin=" + c["sightline_signin"],
                        {"csrf": csrf, "username": user, "password": password})
    if st != 303:
        raise SystemExit("password refused for %s (%d)" % (user, st))
    half = "sightline_session=" + c2["sightline_session"]
    _, page, _ = request(conn, "GET", "/sign-in/two-factor", half)
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    st, _, c3 = request(conn, "POST", "/sign-in/two-factor", half, {"csrf": csrf, "code": totp(secret)})
    if st != 303:
        raise SystemExit("code refused for %s (%d)" % (user, st))
    return "sightline_session=" + c3["sightline_session"]


if __name__ == "__main__":
    print(sign_in(*sys.argv[1:5]))
