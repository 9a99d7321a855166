module.exports = { rules: { 'require-access-decorator': require('./require-access-decorator') } };
