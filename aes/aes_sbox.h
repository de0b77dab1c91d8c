/*
 * fernet-c AES S-box circuits for the bitsliced cores (included by aes_ct.c or aes_ct64.c,
 * after it defines the slice word aes_w and AES_INLINE). Each function maps 8 slices (q[i] =
 * bit i of every byte lane) through the S-box or its inverse with AND, XOR and NOT only: no
 * table, no branch. Checked against FIPS 197 on all 256 inputs in both word sizes by
 * tests/test_aes_sbox.c.
 */
#ifndef FC_AES_SBOX_H
#define FC_AES_SBOX_H

/*
 * The NOTs of the separate inverse circuit below are the affine constant: {05} after the
 * inverse affine map, {63} added to its input. A core that adds {63} to its decryption round
 * keys instead defines AES_INV_SBOX_NOT(x) as (x) before including this file: that circuit
 * then gives InvSubBytes(x + {63}).
 */
#ifndef AES_INV_SBOX_NOT
#define AES_INV_SBOX_NOT(x) (~(x))
#endif

/*
 * Likewise the forward circuit's three NOTs (its XNORs) give the affine constant {63} on
 * output bits 0, 1, 5 and 6. A core that adds {63} to its encryption round keys 1..Nr
 * instead (MixColumns maps {63} in every byte to itself) defines AES_SBOX_NOT(x) as (x):
 * the circuit then gives SubBytes(x) + {63}.
 */
#ifndef AES_SBOX_NOT
#define AES_SBOX_NOT(x) (~(x))
#endif

/*
 * SubBytes (FIPS 197 5.1.1) on every byte of the slices: Boyar and Peralta's 113-gate
 * straight-line program (J. Boyar, R. Peralta, "A new combinational logic minimization
 * technique with applications to cryptology", SEA 2010, LNCS 6049; program SLP_AES_113 of
 * the Yale Circuit Minimization Team, with J. Boyar, R. Peralta, "A depth-16 circuit for
 * the AES S-box", IACR ePrint 2011/332). Statements as published; names as in the paper.
 * 113 gates: 32 AND, 81 XOR/XNOR. U0 is the most significant bit, q[7].
 */
AES_INLINE void aes_ct_sbox(aes_w q[8])
{
    aes_w U0 = q[7], U1 = q[6], U2 = q[5], U3 = q[4], U4 = q[3], U5 = q[2], U6 = q[1], U7 = q[0];
    aes_w y14, y13, y9, y8, t0, y1, y4, y12, y2, y5, y3, t1, y15, y20, y6, y10, y11, y7, y17,
          y19, y16, y21, y18, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15,
          t16, t17, t18, t19, t20, t21, t22, t23, t24, t25, t26, t27, t28, t29, t30, t31, t32,
          t33, t34, t35, t36, t37, t38, t39, t40, t41, t42, t43, t44, t45, z0, z1, z2, z3, z4,
          z5, z6, z7, z8, z9, z10, z11, z12, z13, z14, z15, z16, z17, tc1, tc2, tc3, tc4, tc5,
          tc6, tc7, tc8, tc9, tc10, tc11, tc12, tc13, tc14, tc16, tc17, tc18, tc20, tc21,
          tc26;

    y14 = U3 ^ U5;
    y13 = U0 ^ U6;
    y9 = U0 ^ U3;
    y8 = U0 ^ U5;
    t0 = U1 ^ U2;
    y1 = t0 ^ U7;
    y4 = y1 ^ U3;
    y12 = y13 ^ y14;
    y2 = y1 ^ U0;
    y5 = y1 ^ U6;
    y3 = y5 ^ y8;
    t1 = U4 ^ y12;
    y15 = t1 ^ U5;
    y20 = t1 ^ U1;
    y6 = y15 ^ U7;
    y10 = y15 ^ t0;
    y11 = y20 ^ y9;
    y7 = U7 ^ y11;
    y17 = y10 ^ y11;
    y19 = y10 ^ y8;
    y16 = t0 ^ y11;
    y21 = y13 ^ y16;
    y18 = U0 ^ y16;
    t2 = y12 & y15;
    t3 = y3 & y6;
    t4 = t3 ^ t2;
    t5 = y4 & U7;
    t6 = t5 ^ t2;
    t7 = y13 & y16;
    t8 = y5 & y1;
    t9 = t8 ^ t7;
    t10 = y2 & y7;
    t11 = t10 ^ t7;
    t12 = y9 & y11;
    t13 = y14 & y17;
    t14 = t13 ^ t12;
    t15 = y8 & y10;
    t16 = t15 ^ t12;
    t17 = t4 ^ y20;
    t18 = t6 ^ t16;
    t19 = t9 ^ t14;
    t20 = t11 ^ t16;
    t21 = t17 ^ t14;
    t22 = t18 ^ y19;
    t23 = t19 ^ y21;
    t24 = t20 ^ y18;
    t25 = t21 ^ t22;
    t26 = t21 & t23;
    t27 = t24 ^ t26;
    t28 = t25 & t27;
    t29 = t28 ^ t22;
    t30 = t23 ^ t24;
    t31 = t22 ^ t26;
    t32 = t31 & t30;
    t33 = t32 ^ t24;
    t34 = t23 ^ t33;
    t35 = t27 ^ t33;
    t36 = t24 & t35;
    t37 = t36 ^ t34;
    t38 = t27 ^ t36;
    t39 = t29 & t38;
    t40 = t25 ^ t39;
    t41 = t40 ^ t37;
    t42 = t29 ^ t33;
    t43 = t29 ^ t40;
    t44 = t33 ^ t37;
    t45 = t42 ^ t41;
    z0 = t44 & y15;
    z1 = t37 & y6;
    z2 = t33 & U7;
    z3 = t43 & y16;
    z4 = t40 & y1;
    z5 = t29 & y7;
    z6 = t42 & y11;
    z7 = t45 & y17;
    z8 = t41 & y10;
    z9 = t44 & y12;
    z10 = t37 & y3;
    z11 = t33 & y4;
    z12 = t43 & y13;
    z13 = t40 & y5;
    z14 = t29 & y2;
    z15 = t42 & y9;
    z16 = t45 & y14;
    z17 = t41 & y8;
    tc1 = z15 ^ z16;
    tc2 = z10 ^ tc1;
    tc3 = z9 ^ tc2;
    tc4 = z0 ^ z2;
    tc5 = z1 ^ z0;
    tc6 = z3 ^ z4;
    tc7 = z12 ^ tc4;
    tc8 = z7 ^ tc6;
    tc9 = z8 ^ tc7;
    tc10 = tc8 ^ tc9;
    tc11 = tc6 ^ tc5;
    tc12 = z3 ^ z5;
    tc13 = z13 ^ tc1;
    tc14 = tc4 ^ tc12;
    q[4] = tc3 ^ tc11;
    tc16 = z6 ^ tc8;
    tc17 = z14 ^ tc10;
    tc18 = AES_SBOX_NOT(tc13) ^ tc14;
    q[0] = z12 ^ tc18;
    tc20 = z15 ^ tc16;
    tc21 = tc2 ^ z11;
    q[7] = tc3 ^ tc16;
    q[1] = tc10 ^ tc18;
    q[3] = tc14 ^ q[4];
    q[6] = AES_SBOX_NOT(q[4] ^ tc16);
    tc26 = tc17 ^ tc20;
    q[5] = AES_SBOX_NOT(tc26 ^ z17);
    q[2] = tc21 ^ tc17;
}

#if defined(__OPTIMIZE_SIZE__)
/*
 * Size builds: InvSubBytes (FIPS 197 5.3.2) through the forward circuit. With S(y) =
 * L(y^-1) + {63} (L the affine map's matrix), InvS(x) = M(S(M(x))) where M(z) = L^-1(z) +
 * {05} is the inverse affine map of 5.3.2 ({05} = L^-1({63})): about 35 more XORs than
 * the separate circuit below, but one circuit's code instead of two.
 */
static void aes_ct_inv_affine(aes_w q[8])
{
    aes_w t[8];
    int i;
    /* b_i = b'_(i+2) + b'_(i+5) + b'_(i+7) + d_i, d = {05} */
    for (i = 0; i < 8; i++)
        t[i] = q[(i + 2) & 7] ^ q[(i + 5) & 7] ^ q[(i + 7) & 7];
    for (i = 0; i < 8; i++)
        q[i] = t[i];
    q[0] = ~q[0];
    q[2] = ~q[2];
}

static void aes_ct_inv_sbox(aes_w q[8])
{
    aes_ct_inv_affine(q);
    aes_ct_sbox(q);
    aes_ct_inv_affine(q);
}
#else
/*
 * InvSubBytes (FIPS 197 5.3.2): Boyar and Peralta's 121-gate circuit for the inverse S-box
 * (Yale Circuit Minimization Team, program Sinv; tower-field inversion after the inverse
 * affine map, same authors as above). Statements as published; names as in the source.
 * 121 gates: 34 AND, 87 XOR/XNOR. U0 is the most significant bit, q[7].
 */
AES_INLINE void aes_ct_inv_sbox(aes_w q[8])
{
    aes_w U0 = q[7], U1 = q[6], U2 = q[5], U3 = q[4], U4 = q[3], U5 = q[2], U6 = q[1], U7 = q[0];
    aes_w Y0, Y2, Y4, RTL0, Y1, Y7, RTL1, Y6, Y3, RTL2, Y5, sa1, sa0, sb1, sb0, ah, al, aa,
          bh, bl, bb, ab20, ab22, ab23, ab21, abcd1, rr1, ph11, t01, ph01, abcd2, r1, pl11,
          r2, pl01, r3, vr1, pr1, wr1, qr1, ab0, ab1, ab2, ab3, cp1, cp2, cp3, cp4, tinv1,
          tinv2, tinv3, tinv4, tinv5, tinv6, tinv7, d2, d0, tinv8, tinv9, tinv10, d1, tinv11,
          tinv12, tinv13, d3, sd1, sd0, dl, dh, dd, abcd3, rr2, t02, abcd4, r4, r5, r6, vr2,
          wr2, abcd5, r7, r8, abcd6, r9, r10, r11, vr3, wr3, ph12, ph02, pl12, pl02, pr2, qr2,
          p0, p1, p2, p3, ph13, ph03, pl13, pl03, pr3, qr3, p4, p6, p7, X11, X13, X14, X16,
          X18, X19;

    Y0 = U0 ^ U3;
    Y2 = AES_INV_SBOX_NOT(U1 ^ U3);
    Y4 = U0 ^ Y2;
    RTL0 = U6 ^ U7;
    Y1 = Y2 ^ RTL0;
    Y7 = AES_INV_SBOX_NOT(U2 ^ Y1);
    RTL1 = U3 ^ U4;
    Y6 = AES_INV_SBOX_NOT(U7 ^ RTL1);
    Y3 = Y1 ^ RTL1;
    RTL2 = AES_INV_SBOX_NOT(U0 ^ U2);
    Y5 = U5 ^ RTL2;
    sa1 = Y0 ^ Y2;
    sa0 = Y1 ^ Y3;
    sb1 = Y4 ^ Y6;
    sb0 = Y5 ^ Y7;
    ah = Y0 ^ Y1;
    al = Y2 ^ Y3;
    aa = sa0 ^ sa1;
    bh = Y4 ^ Y5;
    bl = Y6 ^ Y7;
    bb = sb0 ^ sb1;
    ab20 = sa0 ^ sb0;
    ab22 = al ^ bl;
    ab23 = Y3 ^ Y7;
    ab21 = sa1 ^ sb1;
    abcd1 = ah & bh;
    rr1 = Y0 & Y4;
    ph11 = ab20 ^ abcd1;
    t01 = Y1 & Y5;
    ph01 = t01 ^ abcd1;
    abcd2 = al & bl;
    r1 = Y2 & Y6;
    pl11 = ab22 ^ abcd2;
    r2 = Y3 & Y7;
    pl01 = r2 ^ abcd2;
    r3 = sa0 & sb0;
    vr1 = aa & bb;
    pr1 = vr1 ^ r3;
    wr1 = sa1 & sb1;
    qr1 = wr1 ^ r3;
    ab0 = ph11 ^ rr1;
    ab1 = ph01 ^ ab21;
    ab2 = pl11 ^ r1;
    ab3 = pl01 ^ qr1;
    cp1 = ab0 ^ pr1;
    cp2 = ab1 ^ qr1;
    cp3 = ab2 ^ pr1;
    cp4 = ab3 ^ ab23;
    tinv1 = cp3 ^ cp4;
    tinv2 = cp3 & cp1;
    tinv3 = cp2 ^ tinv2;
    tinv4 = cp1 ^ cp2;
    tinv5 = cp4 ^ tinv2;
    tinv6 = tinv5 & tinv4;
    tinv7 = tinv3 & tinv1;
    d2 = cp4 ^ tinv7;
    d0 = cp2 ^ tinv6;
    tinv8 = cp1 & cp4;
    tinv9 = tinv4 & tinv8;
    tinv10 = tinv4 ^ tinv2;
    d1 = tinv9 ^ tinv10;
    tinv11 = cp2 & cp3;
    tinv12 = tinv1 & tinv11;
    tinv13 = tinv1 ^ tinv2;
    d3 = tinv12 ^ tinv13;
    sd1 = d1 ^ d3;
    sd0 = d0 ^ d2;
    dl = d0 ^ d1;
    dh = d2 ^ d3;
    dd = sd0 ^ sd1;
    abcd3 = dh & bh;
    rr2 = d3 & Y4;
    t02 = d2 & Y5;
    abcd4 = dl & bl;
    r4 = d1 & Y6;
    r5 = d0 & Y7;
    r6 = sd0 & sb0;
    vr2 = dd & bb;
    wr2 = sd1 & sb1;
    abcd5 = dh & ah;
    r7 = d3 & Y0;
    r8 = d2 & Y1;
    abcd6 = dl & al;
    r9 = d1 & Y2;
    r10 = d0 & Y3;
    r11 = sd0 & sa0;
    vr3 = dd & aa;
    wr3 = sd1 & sa1;
    ph12 = rr2 ^ abcd3;
    ph02 = t02 ^ abcd3;
    pl12 = r4 ^ abcd4;
    pl02 = r5 ^ abcd4;
    pr2 = vr2 ^ r6;
    qr2 = wr2 ^ r6;
    p0 = ph12 ^ pr2;
    p1 = ph02 ^ qr2;
    p2 = pl12 ^ pr2;
    p3 = pl02 ^ qr2;
    ph13 = r7 ^ abcd5;
    ph03 = r8 ^ abcd5;
    pl13 = r9 ^ abcd6;
    pl03 = r10 ^ abcd6;
    pr3 = vr3 ^ r11;
    qr3 = wr3 ^ r11;
    p4 = ph13 ^ pr3;
    q[0] = ph03 ^ qr3;
    p6 = pl13 ^ pr3;
    p7 = pl03 ^ qr3;
    q[4] = p1 ^ p6;
    q[1] = p2 ^ p6;
    q[7] = p3 ^ p6;
    X11 = p0 ^ p2;
    q[2] = q[7] ^ X11;
    X13 = p4 ^ p7;
    X14 = X11 ^ X13;
    q[6] = q[4] ^ X14;
    X16 = p1 ^ q[0];
    q[5] = X14 ^ X16;
    X18 = p0 ^ p4;
    X19 = q[2] ^ X16;
    q[3] = X18 ^ X19;
}
#endif

#endif /* FC_AES_SBOX_H */
