//! An embedded fake Dokploy (being written).
